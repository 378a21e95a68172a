-- spec.lua: the busted spec for the `url-batches` kata (see README.md).
-- The paged site is faked: fetch_page(page) returns a list the test wrote
-- down and logs the page number, so a test can check which pages were
-- fetched, and when. Nothing here touches a network.

local url_batches = require("url_batches")

-- A fake site whose page p holds the URLs listed in pages[p]. site.fetched
-- lists every page fetched, in order. fetch_page hands out the site's own
-- tables, so a test can check afterwards that nobody changed them.
local function fake_site(pages)
  local site = { pages = pages, fetched = {} }
  function site.fetch_page(page)
    site.fetched[#site.fetched + 1] = page
    local urls = pages[page]
    if urls == nil then
      error("fake site: there is no page " .. tostring(page), 2)
    end
    return urls
  end
  return site
end

-- A fake site of `count` pages with `per_page` URLs each, made up on
-- demand, so that `count` may be huge: page p holds "p<p>/1" ... "p<p>/n".
-- It raises if more than `max_fetches` pages are fetched.
local function generated_site(per_page, max_fetches)
  local site = { fetched = {} }
  function site.fetch_page(page)
    site.fetched[#site.fetched + 1] = page
    if #site.fetched > max_fetches then
      error("fetched more than " .. max_fetches .. " pages: not lazy", 2)
    end
    local urls = {}
    for i = 1, per_page do
      urls[i] = "p" .. page .. "/" .. i
    end
    return urls
  end
  return site
end

-- Every batch `gen` returns until it returns nil, as a list of lists.
local function drain(gen)
  local batches = {}
  for batch in gen do
    batches[#batches + 1] = batch
  end
  return batches
end

-- The URLs of a list of pages (or of batches), flattened, in order.
local function flatten(lists)
  local all = {}
  for _, list in ipairs(lists) do
    for _, url in ipairs(list) do
      all[#all + 1] = url
    end
  end
  return all
end

describe("url_batches", function()
  describe("batching", function()
    it("groups the URLs of several pages into batches of batch_size, in order", function()
      local site = fake_site({ { "a", "b" }, { "c", "d" }, { "e", "f" }, { "g" } })
      local gen = url_batches(site.fetch_page, 4, 3)
      assert.are.same({ "a", "b", "c" }, gen())
      assert.are.same({ "d", "e", "f" }, gen())
      assert.are.same({ "g" }, gen())
      assert.is_nil(gen())
    end)

    it("ends without an empty batch when the URLs divide exactly", function()
      local site = fake_site({ { "a", "b" }, { "c", "d" }, { "e", "f" } })
      local gen = url_batches(site.fetch_page, 3, 3)
      assert.are.same({ { "a", "b", "c" }, { "d", "e", "f" } }, drain(gen))
    end)

    it("returns everything in one batch when batch_size is larger than the total", function()
      local site = fake_site({ { "a", "b" }, { "c" }, { "d", "e" }, { "not", "this" } })
      local gen = url_batches(site.fetch_page, 3, 100)
      assert.are.same({ { "a", "b", "c", "d", "e" } }, drain(gen))
      assert.are.same({ 1, 2, 3 }, site.fetched) -- pages 1 to total_pages only
    end)

    it("splits a page with more URLs than batch_size across batches", function()
      local site = fake_site({ { "a", "b", "c", "d", "e", "f", "g" }, { "h" } })
      local gen = url_batches(site.fetch_page, 2, 3)
      assert.are.same({ { "a", "b", "c" }, { "d", "e", "f" }, { "g", "h" } }, drain(gen))
    end)

    it("never returns more than batch_size URLs, whatever the page sizes", function()
      local sizes = { 5, 0, 1, 7, 2, 0, 0, 3, 1, 9, 4 }
      local pages = {}
      for p, n in ipairs(sizes) do
        pages[p] = {}
        for i = 1, n do
          pages[p][i] = p .. "." .. i
        end
      end
      local site = fake_site(pages)
      local batches = drain(url_batches(site.fetch_page, #pages, 4))
      assert.are.same(flatten(pages), flatten(batches)) -- 32 URLs, in order
      assert.are.equal(8, #batches)
      for i, batch in ipairs(batches) do
        assert.are.equal(4, #batch, "batch " .. i .. " should hold 4 URLs")
      end
    end)

    it("skips pages with no URLs and never returns an empty batch", function()
      local site = fake_site({ {}, { "a" }, {}, {}, { "b", "c" }, {}, {} })
      local gen = url_batches(site.fetch_page, 7, 2)
      assert.are.same({ { "a", "b" }, { "c" } }, drain(gen))
      assert.are.same({ 1, 2, 3, 4, 5, 6, 7 }, site.fetched)
    end)

    it("returns nil at once when there are no URLs: no pages, or only empty ones", function()
      local none = fake_site({})
      assert.is_nil(url_batches(none.fetch_page, 0, 5)())
      assert.are.same({}, none.fetched)
      local empty = fake_site({ {}, {}, {} })
      assert.is_nil(url_batches(empty.fetch_page, 3, 5)())
      assert.are.same({ 1, 2, 3 }, empty.fetched)
    end)

    it("hands out one URL at a time with batch_size 1, in a for loop", function()
      local site = fake_site({ { "a", "b" }, {}, { "c" } })
      local seen = {}
      for batch in url_batches(site.fetch_page, 3, 1) do
        seen[#seen + 1] = batch
      end
      assert.are.same({ { "a" }, { "b" }, { "c" } }, seen)
    end)

    it("returns a new table per batch and leaves the pages untouched", function()
      local site = fake_site({ { "a", "b" }, { "c", "d" } })
      local gen = url_batches(site.fetch_page, 2, 2)
      local first = gen()
      first[1], first[2] = nil, nil -- the caller owns its batch
      first.note = "mine"
      local second = gen()
      assert.are_not.equal(first, second)
      assert.are.same({ "c", "d" }, second)
      assert.are.same({ { "a", "b" }, { "c", "d" } }, site.pages)
    end)
  end)

  describe("laziness", function()
    it("fetches nothing until the first batch is asked for", function()
      local site = fake_site({ { "a" }, { "b" } })
      url_batches(site.fetch_page, 2, 1)
      assert.are.same({}, site.fetched)
    end)

    it("fetches only the pages each batch needs, one batch at a time", function()
      local site = generated_site(2, 100) -- every page holds 2 URLs
      local gen = url_batches(site.fetch_page, 10, 3)
      assert.are.same({ "p1/1", "p1/2", "p2/1" }, gen())
      assert.are.same({ 1, 2 }, site.fetched)
      assert.are.same({ "p2/2", "p3/1", "p3/2" }, gen()) -- 1 left over + page 3
      assert.are.same({ 1, 2, 3 }, site.fetched)
      assert.are.same({ "p4/1", "p4/2", "p5/1" }, gen())
      assert.are.same({ 1, 2, 3, 4, 5 }, site.fetched)
    end)

    it("does not fetch the next page when a batch fills up at the end of a page", function()
      local site = fake_site({ { "a", "b" }, { "c", "d" }, { "e" } })
      local gen = url_batches(site.fetch_page, 3, 2)
      assert.are.same({ "a", "b" }, gen())
      assert.are.same({ 1 }, site.fetched)
      assert.are.same({ "c", "d" }, gen())
      assert.are.same({ 1, 2 }, site.fetched)
      assert.are.same({ "e" }, gen())
      assert.is_nil(gen())
      assert.are.same({ 1, 2, 3 }, site.fetched)
    end)

    it("takes the first batches of a billion pages without fetching them all", function()
      local site = generated_site(3, 10) -- raises after 10 fetches
      local gen = url_batches(site.fetch_page, 1000000000, 5)
      assert.are.same({ "p1/1", "p1/2", "p1/3", "p2/1", "p2/2" }, gen())
      assert.are.same({ "p2/3", "p3/1", "p3/2", "p3/3", "p4/1" }, gen())
      assert.are.same({ 1, 2, 3, 4 }, site.fetched)
    end)

    it("is one-shot: finished, it stays finished; a new generator starts over", function()
      local site = fake_site({ { "a", "b" }, { "c" } })
      local gen = url_batches(site.fetch_page, 2, 2)
      assert.are.same({ { "a", "b" }, { "c" } }, drain(gen))
      assert.is_nil(gen()) -- again: still nothing, and no fetch
      assert.is_nil(gen())
      assert.are.same({ 1, 2 }, site.fetched)
      local again = url_batches(site.fetch_page, 2, 2)
      assert.are.same({ "a", "b" }, again())
      assert.are.same({ 1, 2, 1 }, site.fetched)
    end)
  end)

  describe("errors", function()
    it("lets an error from fetch_page through unchanged, after the batches before it", function()
      local problem = { status = 503 }
      local site = fake_site({ { "a", "b" }, { "c", "d" } })
      local fetch = function(page)
        if page == 3 then
          error(problem)
        end
        return site.fetch_page(page)
      end
      local gen = url_batches(fetch, 5, 2)
      assert.are.same({ "a", "b" }, gen())
      assert.are.same({ "c", "d" }, gen())
      local ok, err = pcall(gen)
      assert.is_false(ok)
      assert.are.equal(problem, err) -- the very same table
      local failing = url_batches(function() error("connection reset") end, 3, 2)
      assert.error_matches(failing, "connection reset", 1, true)
    end)

    it("is finished after an error: later calls return nil and fetch nothing", function()
      local fetched = {}
      local fetch = function(page)
        fetched[#fetched + 1] = page
        if page == 2 then
          error("page 2 timed out", 0)
        end
        return { "a", "b" }
      end
      local gen = url_batches(fetch, 4, 3)
      assert.has_error(gen, "page 2 timed out") -- "a" and "b" are lost with it
      assert.is_nil(gen())
      assert.is_nil(gen())
      assert.are.same({ 1, 2 }, fetched)
    end)

    it("raises an error when fetch_page returns something that is not a table", function()
      local gen = url_batches(function() return "https://shop.example/1" end, 1, 2)
      assert.has_error(gen)
    end)
  end)

  describe("bad arguments", function()
    local function fetch_nothing()
      return {}
    end

    it("rejects a batch_size that is not an integer >= 1, at once", function()
      for _, size in ipairs({ 0, -2, 2.5, "3", 0 / 0, math.huge }) do
        assert.error_matches(function()
          url_batches(fetch_nothing, 3, size)
        end, "bad argument #3", 1, true)
      end
      assert.error_matches(function() url_batches(fetch_nothing, 3) end, "bad argument #3", 1, true)
    end)

    it("rejects a total_pages that is not an integer >= 0, at once", function()
      for _, total in ipairs({ -1, 1.5, "2", 0 / 0, math.huge }) do
        assert.error_matches(function()
          url_batches(fetch_nothing, total, 3)
        end, "bad argument #2", 1, true)
      end
      assert.error_matches(function() url_batches(fetch_nothing) end, "bad argument #2", 1, true)
    end)

    it("rejects a fetch_page that is not a function, at once", function()
      for _, fetch in ipairs({ "fetch", {}, 42 }) do
        assert.error_matches(function() url_batches(fetch, 3, 3) end, "bad argument #1", 1, true)
      end
      assert.error_matches(function() url_batches(nil, 3, 3) end, "bad argument #1", 1, true)
    end)

    it("accepts whole numbers written as floats", function()
      local site = fake_site({ { "a", "b", "c" } })
      assert.are.same({ { "a", "b" }, { "c" } }, drain(url_batches(site.fetch_page, 1.0, 2.0)))
    end)
  end)
end)
