return { title = "all", concept = "c", summary = "s", difficulty = 2, hints = { "h" }, file_timeout = 30, timeout = 1 }
