return {
  title = "Counter (extra pack): a counter of one closure",
  concept = "closures",
  difficulty = 1,
  points = 5,
  module = "counter",
  summary = "A counter made of three functions, increment, reset and get, that share one captured count; every counter has its own.",
  hints = {
    "The count has to outlive the call of counter.new, be reachable by all three functions, and be new for every counter. Of the places a variable can live (the module file, counter.new, each inner function), only one fits all three.",
    "Declare `local count = start` inside counter.new, after the checks and before the three `local function`s, so all three capture that one variable. A `local count` at the top of the file would be shared by every counter; one inside `increment` would be new on every call. Keep `start` too: reset needs it, since it goes back to the start, not to 0.",
    "In counter.new: `if start == nil then start = 0 elseif type(start) ~= \"number\" then error(\"bad argument #1 to 'new' (number expected, got \" .. type(start) .. \")\", 2) end`, then `local count = start`. increment(step) does the same check with 1 as the default, then `count = count + step; return count`; reset sets `count = start`; get returns `count`. Return `{ increment = increment, reset = reset, get = get }` and nothing else: no field holds the count.",
  },
}
