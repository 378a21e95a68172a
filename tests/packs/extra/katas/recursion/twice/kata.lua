return {
  title = "Twice: a function called two times",
  concept = "recursion",
  difficulty = 1,
  summary = "twice(f) returns a function that calls f on the result of f.",
  hints = { "Return a function that takes x.", "It returns f(f(x))." },
}
