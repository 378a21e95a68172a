return {
  title = "A streaming log pipeline",
  concept = "generators",
  difficulty = 3,
  points = 15,
  module = "log_pipeline",
  summary = "Four generator stages, lines | filter | parse | count, that count the errors of a 200 MB log per service in 16 MiB of memory.",
  timeout = 20,
  memory = 16,
  hints = {
    "Write each stage as a loop that pulls from the stage before it and yields what it makes: `coroutine.wrap(function() for item in iter do ... coroutine.yield(x) end end)`. For `lines`, the loop reads chunks, and the hard part is a line that starts in one chunk and ends in the next: keep that unfinished tail in a variable until the next chunk arrives.",
    "In `lines`: `local carry = \"\"`; loop `local chunk = source:read(65536)`, stop at nil. Walk the chunk with a position: `local nl = chunk:find(\"\\n\", pos, true)`; the line is `carry .. chunk:sub(pos, nl - 1)` (then `carry = \"\"`), `pos = nl + 1`. When there is no more \"\\n\", `carry = carry .. chunk:sub(pos)`. After the loop, yield `carry` if it is not empty. Drop one final \"\\r\" from each line before yielding it. Never cut the chunk down line by line (`chunk = chunk:sub(nl + 1)` copies the rest every time) and never add every chunk to one big string.",
    "In `parse`: `local time, level, service, rest = line:match(\"^(%d%d%d%d%-%d%d%-%d%dT%d%d:%d%d:%d%dZ) (%u+) (%S+)(.*)$\")`; the line is well-formed if that matched and `rest` is \"\" (message \"\") or starts with a space (message `rest:sub(2)`). Skip \"\" silently, call `on_malformed(line)` (if given) for the rest. `errors_per_service` is a plain loop: `for r in iter do if r.level == \"ERROR\" then counts[r.service] = (counts[r.service] or 0) + 1 end end`.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "log_pipeline lines yields the lines of a source in order, without their newlines",
    "log_pipeline lines joins lines that are split across chunks, whatever the chunk sizes",
    "log_pipeline lines joins a line that spans several whole chunks",
    "log_pipeline lines yields a last line without a newline, and no empty line after a final one",
    "log_pipeline lines keeps empty lines, at the start, in the middle and before the end",
    "log_pipeline lines drops the \\r of CRLF, even when \\r and \\n arrive in different chunks",
    "log_pipeline lines yields nothing for an empty source, and never reads past the end",
    "log_pipeline filter yields only the items pred accepts, in order, pulling one at a time",
  },
}
