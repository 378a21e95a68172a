return {
  title = "Protocols: interfaces by structure",
  concept = "interfaces",
  difficulty = 3,
  points = 10,
  module = "protocol",
  summary = "implements(obj, Protocol, arity) checks that an object has the protocol's methods, as functions taking the right number of parameters, with no inheritance involved, and explains every mismatch.",
  hints = {
    "A protocol is data, not a class: a name and a table of method = number of arguments after self. To check an object, look each method up the way a call `obj:read()` would, with obj[name], which goes through the metatable, and ask three questions in turn: is it there, is it a function, does it take the right number of parameters?",
    "Sort the method names first (collect them from pairs, then table.sort) and build one message per bad method. The arity reader returns nparams, isvararg; the protocol's number does not count self, so the method must take that number + 1 parameters, or, with `...`, at most that many. Without an arity reader, skip the third question. Strings have methods through their metatable: an object is a table, or anything whose metatable has an __index.",
    "For each sorted name: `local v = obj[name]`; nil -> \"missing method 'read'\"; `type(v) ~= \"function\"` -> \"'read' is not a function (got number)\"; with arity: `local n, va = arity(v); local want = P.methods[name] + 1`; fits when `n == want or (va and n <= want)`, else `(\"'%s' takes %s%d parameter%s; %s wants %d (self + %d)\"):format(name, va and \"at least \" or \"\", n, n == 1 and \"\" or \"s\", P.name, want, want - 1)`. In new, check every pair with math.type(arity) == \"integer\" and arity >= 0, and copy it.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "protocol structure accepts a plain table that has every method",
    "protocol structure finds methods through the object's metatable, as a method call would",
    "protocol structure finds methods that an __index function computes",
    "protocol structure explains a missing method",
    "protocol structure ignores extra methods, and an empty protocol takes any table",
    "protocol structure checks strings too: they have methods through their metatable",
    "protocol signatures are not checked without an arity reader",
    -- The starter lists problems in pairs() order, which varies from run to
    -- run: about one run in three it happens to be the sorted order.
    "protocol structure needs no inheritance, and a protocol is no base class to inherit from",
  },
}
