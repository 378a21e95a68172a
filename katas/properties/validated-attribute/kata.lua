return {
  title = "Validated attributes",
  concept = "properties",
  difficulty = 3,
  points = 15,
  module = "validated",
  summary = "validated.class(specs) makes classes whose attributes are typed and range-checked on every assignment, not just the first, with messages naming the attribute and the bad value.",
  hints = {
    "__newindex runs only when the key is absent from the table. Store a value in the instance and the next assignment to that key goes straight in, unchecked. So the values must live somewhere else, and the instance must stay empty for ever: every read then goes through __index and every write through __newindex.",
    "Keep one private store per instance: `local stores = setmetatable({}, { __mode = \"k\" })`, made once per class, and `stores[obj] = {}` in new. __index(obj, key) returns `stores[obj][key]` for an attribute with a spec, else `class[key]` (a method), else raises. __newindex(obj, key, value) raises for a key without a spec, checks the value, then writes `stores[obj][key] = value`. Never rawset into obj.",
    "The check, in this order: nil passes if spec.optional; else a wrong type fails with `string.format(\"%s: %s expected, got %s\", name, spec.type, show(v))` (integer: `type(v) == \"number\" and math.tointeger(v)`); then `if spec.min and not (v >= spec.min)` fails with \"%s: %s is below the minimum %s\" (`not (v >= min)` also catches NaN), and the same for max. show(v) is `\"string \" .. string.format(\"%q\", v)` for strings, `type(v) .. \" \" .. tostring(v)` for numbers and booleans, type(v) otherwise.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "validated construction keeps the values given to new and reads them back",
    "validated assignment accepts a valid value and keeps it",
  },
}
