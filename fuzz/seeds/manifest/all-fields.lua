return {
  title = "Every field", concept = "closures", difficulty = 3, points = 12,
  module = "every_field", summary = "A manifest using every optional field.",
  hints = { "one", "two", "three" },
  timeout = 2.5, memory = 64, server = false,
  test_points = { ["counter"] = 2, ["counter counts up"] = 5, ["a b c"] = 0 },
  hidden = { "counter hidden", "edge" },
  hidden_visibility = "after_due_date",
}
