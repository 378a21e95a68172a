return {
  title = "A reusable descriptor",
  concept = "properties",
  difficulty = 3,
  points = 15,
  module = "descriptor",
  summary = "Descriptor objects (positive, typed) that one class or several share, and a class maker that calls them: the descriptor lives on the class, each instance keeps its own value under a private key, and rawget shows where.",
  hints = {
    "One `positive` serves `quantity` and `price` of Order and `price` of Product, for every instance. So it can't keep any value in itself: whatever it stores, every instance of both classes would see. The value of one attribute of one instance belongs in that instance. The descriptor needs to know which instance and which attribute: that is why get and set receive obj and name.",
    "In Descriptor:set(obj, name, value): check with self.check, then `rawset(obj, \"_\" .. name, value)`; get returns `rawget(obj, \"_\" .. name)`. rawset, not `obj[\"_\" .. name] = value`, so as not to go through __newindex again; and never under `name` itself, or the next `obj.price = ...` would find the key and skip __newindex, and with it the check.",
    "In class's __newindex: `local d = class[key]; if type(d) == \"table\" and type(d.get) == \"function\" and type(d.set) == \"function\" then d:set(obj, key, value) else rawset(obj, key, value) end`. Messages: `error(name .. \": \" .. what .. \" expected, got \" .. show(value), 3)`, where what is \"positive number\" or the type name and show is as in the README. typed raises \"bad argument #1 to 'typed' (unknown type '...')\" for a name type() never returns.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "descriptor access through a descriptor reads back what was assigned, and nil for what never was",
    "descriptor where the data lives one descriptor, two attributes of one class: each keeps its own value",
    "descriptor everything else stores undeclared attributes in the instance, as plain fields",
    "descriptor everything else finds methods and class attributes in the class; an instance field shadows one",
  },
}
