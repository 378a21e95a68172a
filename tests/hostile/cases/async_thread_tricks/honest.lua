-- A correct add for the async_thread_tricks spec.
return function(a, b) return a + b end
