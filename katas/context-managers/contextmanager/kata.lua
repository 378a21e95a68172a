return {
  title = "contextmanager: setup, yield, teardown",
  concept = "context-managers",
  difficulty = 3,
  points = 15,
  module = "contextmanager",
  summary = "contextmanager(gen) turns a generator into a context manager factory, as Python's contextlib does: before the yield is setup, after it teardown, and the block's error is raised at the yield.",
  hints = {
    "The generator must stop at its yield and wait there while the block runs: that is a coroutine. enter creates it (coroutine.create) and resumes it once, to the yield; exit resumes it once more, to the end. Pass the generator a `yield` of your own as its first argument: that is where you can raise the block's error inside the generator.",
    "Your yield: `local function yield(...) local action, err = coroutine.yield(...); if action == THROW then error(err, 0) end end`, with `local THROW = {}` a private marker. exit(nil) resumes with nothing; exit(err) resumes with (THROW, err). Keep a state field (fresh, entered, done) to refuse a second enter or an early exit.",
    "After the resume in exit: if it failed with e, call coroutine.close(co) (an error does not close a coroutine's <close> variables by itself), then `return false` when `rawequal(e, err)`, else `error(e, 0)`. If it succeeded but coroutine.status(co) is not \"dead\", close it and raise \"generator didn't stop\". Otherwise return `err ~= nil`: the generator caught the error and carried on.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "contextmanager the factory passes the factory's arguments after yield, nil holes included",
    "contextmanager enter and exit enter runs the setup and returns everything the generator yields",
    "contextmanager enter and exit exit(nil) runs the teardown and returns false",
    "contextmanager inside with tears down when the body raises, and the error goes on unchanged",
    "contextmanager inside with lets an error raised in the teardown replace the body's error",
    "contextmanager misbehaving generators raises a setup error from enter, unchanged, and never runs the body",
  },
}
