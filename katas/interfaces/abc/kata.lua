return {
  title = "Abstract base classes",
  concept = "interfaces",
  difficulty = 2,
  points = 10,
  module = "abc",
  summary = "abstract{...} declares the methods a class requires; Class:new() refuses to make an instance while any is missing, naming it, and subclasses inherit the requirements.",
  hints = {
    "Keep, on every class, the full list of the methods it requires: a subclass starts from a copy of its parent's list and adds its own. Then the question at Class:new() is only: which of those names does this class not have as a function?",
    "Check in new, not in extend: methods are added to a class after extend returns. Look them up with cls[name], not rawget(cls, name): the class's metatable chain finds what a parent implements, and a method inherited from a concrete parent counts. A field that is not a function counts as missing.",
    "abc.missing(cls): for each name in cls.__abstract, if `type(cls[name]) ~= \"function\"` and not seen yet, add it; then table.sort. In new: `local m = abc.missing(cls)`; if #m > 0, `error((\"can't instantiate %s: missing method%s '%s'\"):format(cls.__name, #m > 1 and \"s\" or \"\", table.concat(m, \"', '\")), 2)`. In extend, copy parent.__abstract and append `more`. isinstance: `local mt, seen = getmetatable(obj), {}` and loop while mt is a table not yet seen.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "abc abstract classes with no abstract method, can be instantiated",
    "abc subclasses that implement every method can be instantiated, and init gets the arguments",
    "abc subclasses inherit implementations: a method defined on a parent counts",
    "abc instances are nominal: a look-alike that did not inherit is no instance",
    "abc instances isinstance stops on a metatable cycle",
    "abc instances each keep their own fields",
  },
}
