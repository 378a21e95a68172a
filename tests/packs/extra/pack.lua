-- A fixture pack for tests/test_pack.c and tests/integration/packs.sh: it
-- has a kata of its own (twice), one whose id the built-in pack also has
-- (counter: bare `counter` is then ambiguous), and a lesson.
return {
  name = "extra",
  version = "1.2.0",
  authors = { "Ada Fixture", "Bo Fixture" },
  description = "Two katas and a lesson, for dojo's pack tests.",
  path = { "recursion", "closures" },
}
