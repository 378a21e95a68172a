return {
  title = "Read-only and computed properties",
  concept = "properties",
  difficulty = 2,
  points = 10,
  module = "rectangle",
  summary = "A Rectangle whose width and height are checked on every assignment, whose id is read-only, and whose area, perimeter and is_square are computed on every read, never stored.",
  hints = {
    "A property is a pair of functions, a getter and maybe a setter, that __index and __newindex call by the key's name. For them to be called at all, the key must never be present in the instance table: keep the width, height and id in a private table per rectangle, and keep the instance itself empty.",
    "Make one table of properties: `props = { width = { get = function(s) return s.width end, set = function(s, v) ... s.width = v end }, area = { get = function(s) return s.width * s.height end }, ... }`, where `s` is the rectangle's private store (`stores[obj]`, in a table with `__mode = \"k\"`). A property with no `set` is read-only; area has no field at all, so it can't go stale.",
    "__index(obj, key): `local p = props[key]; if p then return p.get(stores[obj]) end`, then `Rectangle[key]` for methods, then `error(\"unknown attribute '\" .. key .. \"'\", 2)`. __newindex: unknown key as before; `if not p.set then error(\"'\" .. key .. \"' is read-only\", 2) end`; then `p.set(stores[obj], value)`. In new, check both sizes before you take `next_id`, so that a refused rectangle uses no id.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "rectangle stored properties keeps the width and height given to new",
    "rectangle computed properties computes area, perimeter and is_square from width and height",
    "rectangle the read-only id numbers rectangles 1, 2, 3... in the order they are made",
  },
}
