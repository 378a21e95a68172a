return {
  title = "Evens",
  concept = "generators",
  difficulty = 1,
  summary = "evens(n) iterates over the even numbers up to n.",
  hints = { "A coroutine.wrap yields each one." },
}
