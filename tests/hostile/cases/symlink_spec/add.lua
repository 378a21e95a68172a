-- expect: runtime
-- A lookup-table "solution": reads the spec through links set up beside it
-- (answers.lua, answers.txt, spec_copy_spec.lua), its absolute path (which
-- setup.sh writes into where.txt) and "..", then answers from its asserts.
local text
local function try(f) local ok, t = pcall(f) if ok and type(t) == "string" then text = text or t end end
try(function() return require("answers") and nil end)
for _, p in ipairs({ "answers.txt", "answers.lua", "spec_copy_spec.lua", "add_spec.lua", "../add_spec.lua",
                     "../spec.lua" }) do
  try(function() local f = assert(io.open(p)) return f:read("a") end)
end
try(function()
  local where = assert(io.open("where.txt")):read("l")
  return assert(io.open(where)):read("a")
end)
if not text then error("the spec could not be read") end
local answers = {}
for want, a, b in text:gmatch("equal%(([%d%.%-]+), add%(([%d%.%-]+), ([%d%.%-]+)%)%)") do
  answers[a .. "," .. b] = tonumber(want)
end
return function(a, b) return answers[tostring(a) .. "," .. tostring(b)] end
