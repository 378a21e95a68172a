-- url_batches.lua: batches of at most N URLs from a paged site, fetched
-- lazily (the `url-batches` kata). Run `dojo check url-batches` to grade
-- it and `dojo hint url-batches` when stuck.
--
--   local next_batch = url_batches(fetch_page, 40, 50)
--   for batch in next_batch do save(batch) end   -- batch: up to 50 URLs
--
-- As it stands, this is a straight port of a Python generator that has a
-- bug or two: some tests already pass, the rest tell you what is missing.

local function url_batches(fetch_page, total_pages, batch_size)
  -- TODO: check the arguments here, before anything is fetched:
  -- fetch_page must be a function ("bad argument #1"), total_pages an
  -- integer >= 0 ("bad argument #2"), batch_size an integer >= 1
  -- ("bad argument #3").

  -- TODO: coroutine.wrap raises "cannot resume dead coroutine" when it is
  -- called after the end, or after an error. The kata wants nil instead.
  return coroutine.wrap(function()
    local batch = {}
    for page = 1, total_pages do
      for _, url in ipairs(fetch_page(page)) do
        batch[#batch + 1] = url
      end
      -- TODO: a whole page goes into the batch before this check. How big
      -- can the batch be by the time it runs?
      if #batch >= batch_size then
        coroutine.yield(batch)
        batch = {}
      end
    end
    if #batch > 0 then
      coroutine.yield(batch)
    end
  end)
end

return url_batches
