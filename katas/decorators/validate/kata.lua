return {
  title = "Argument and return validation",
  concept = "decorators",
  difficulty = 3,
  points = 15,
  module = "validate",
  summary = "A decorator factory that checks a function's arguments and return values against a declared signature, with error messages naming the argument, as Lua's own are.",
  hints = {
    "Do the work once, when validate is called: turn each entry of args and returns into a small table { name =, base =, optional = }, note whether the list ends with \"...\", and raise there for a bad signature. The wrapper then only compares. Remember that args = nil means 'don't check' while args = {} means 'no arguments'.",
    "Count with select(\"#\", ...), which counts trailing nils, and check the count before the types. A value v fits a slot when: it is nil and the slot is optional (or of type \"nil\"); or the slot is \"any\" and v isn't nil; or the slot is \"integer\" and type(v) == \"number\" and math.tointeger(v) (not math.tointeger alone: it converts the string \"3\"); or type(v) == base.",
    "The results must be checked before they are returned, without losing any: `local function finish(...) check(returns, ...); return ... end` and in the wrapper `check(args, ...); return finish(fn(...))`. Build messages with string.format: (\"bad argument #%d%s to '%s' (%s expected, got %s)\"), where %s after the number is \"\" or \" 'name'\", and \"got\" is type(v), except \"float\" for a number that fails an integer slot.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "validate arguments passes the call through when the arguments match",
    "validate return values lets an error of the wrapped function through unchanged",
  },
}
