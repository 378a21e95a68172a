-- rectangle.lua: a rectangle with a read-only `id` and computed `area`,
-- `perimeter` and `is_square` (the `read-only-and-computed` kata). Run
-- `dojo check read-only-and-computed` to grade it and
-- `dojo hint read-only-and-computed` when stuck.
--
--   local r = Rectangle.new(3, 4)
--   print(r.area)   --> 12
--   r.width = 5
--   print(r.area)   --> 20
--   r.area = 1      --> error: 'area' is read-only
--
-- As it stands, everything is a plain field of the instance: nothing is
-- checked, anything can be assigned, and the area is worked out once, in
-- new, and never again.

local Rectangle = {}
Rectangle.__index = Rectangle

local next_id = 1

-- Rectangle.new(width, height): a new rectangle; width and height must be
-- positive numbers. Its id is the next number: 1, 2, 3...
function Rectangle.new(width, height)
  -- TODO: keep the values where __index and __newindex see every access,
  -- check them, and make id, area, perimeter and is_square read-only.
  local r = setmetatable({ id = next_id, width = width, height = height }, Rectangle)
  next_id = next_id + 1
  r.area = width * height -- TODO: stale as soon as the width changes
  r.perimeter = 2 * (width + height)
  r.is_square = width == height
  return r
end

-- r:scale(k): multiplies the width and the height by k; returns r.
function Rectangle:scale(k)
  self.width = self.width * k
  self.height = self.height * k
  return self
end

return Rectangle
