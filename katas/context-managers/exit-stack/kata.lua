return {
  title = "ExitStack: unwind in reverse, whatever fails",
  concept = "context-managers",
  difficulty = 3,
  points = 15,
  module = "exit_stack",
  summary = "An ExitStack like Python's: context managers and callbacks pushed at run time, unwound last in, first out, every exit run even when one fails, each handed the error as it stands.",
  hints = {
    "Keep one list of entries, each remembering how to undo itself (a context manager's exit, a raw exit function, a callback and its arguments). Unwinding pops from the end until the list is empty: that gives the reverse order, and leaves the stack empty for a second close.",
    "Call every entry in protected mode and keep one variable, `pending`, starting as the error you were given. A failing entry sets pending to its error; an exit (not a callback) that returns a true value while pending is not nil sets pending to nil. Pass pending, not the original error, to each exit.",
    "At the end: `if pending ~= nil and not rawequal(pending, err) then error(pending, 0) end` (a new error replaces the old one), then `return err ~= nil and pending == nil`. enter_context looks up cm.exit, calls cm:enter(), and only then pushes { cm, exit }: if enter raises, nothing is pushed. __close(self, err) calls self:exit(err).",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "exit-stack errors while unwinding never lets a callback swallow, whatever it returns",
  },
}
