-- pack.lua shapes: every field, lists with holes and extra keys, a long path
local path = {}
for i = 1, 300 do path[i] = "c" .. i end
local t = {
  name = "a-pack-9",
  version = "2.0.0-rc1",
  authors = { "A", "B", [4] = "hole" },
  description = "tab\tand newline\n",
  path = { "closures", "01-closures", "x/../y" },
}
t.authors.k = "v"
if #path > 299 then t.path = path end
return t
