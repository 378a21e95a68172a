-- pack.lua: the manifest of dojo's built-in pack (docs/packs.md). It is read
-- as a kata.lua is: text only, no libraries; it only returns a table.
return {
  name = "dojo",
  version = "0.1.0",
  authors = { "the dojo authors" },
  description = "Closures, decorators, generators, context managers, interfaces, "
    .. "properties and async, from the idea to the C underneath.",
  -- the curriculum: each concept's lesson, then its katas
  path = {
    "closures", "decorators", "generators", "context-managers",
    "interfaces", "properties", "async", "capstone",
  },
}
