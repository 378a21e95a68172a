-- spec.lua: the busted spec for the `scraper` kata (see README.md).
-- The HttpScraper tests talk to dojo's loopback fixture server (kata.lua
-- says `server = true`; its address is dojo.server_url, and every other
-- origin is refused, which is how a transport failure is made without
-- waiting). No route used here waits, and no clock is needed. Under plain
-- busted, tests/fixtures/solutions/scraper_busted_helper.lua stands in for
-- the server and dojo's `http` module. The pitfalls the lesson names are
-- here: an HTTP error status passed off as a page, a failure that stops
-- the batch or vanishes, state kept on the class instead of the instance,
-- and code that asks what a scraper is instead of what it does.

local scraper = require("scraper")

local base = dojo.server_url
local REFUSED = "http://127.0.0.1:1/nowhere"

local function product(n) return base .. "/product/" .. n end

-- error_of(f, ...): the error value f(...) raises, or fails the test.
local function error_of(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "expected an error")
  return err
end

describe("scraper", function()
  describe("the Scraper port", function()
    it("can't be instantiated itself: it has no scrape", function()
      local err = error_of(scraper.Scraper.new, scraper.Scraper)
      assert.truthy(tostring(err):find("missing method 'scrape'", 1, true), tostring(err))
    end)

    it("checks subclasses made with extend when they are instantiated", function()
      local Lazy = scraper.Scraper:extend()
      local err = error_of(Lazy.new, Lazy)
      assert.truthy(tostring(err):find("missing method 'scrape'", 1, true), tostring(err))
      function Lazy:scrape(url) return { url = url, status = 200, body = "lazy" } end
      local pages = scraper.scrape_all(Lazy:new(), { "a" })
      assert.are.same({ { url = "a", status = 200, body = "lazy" } }, pages)
    end)

    it("is the parent of both adapters", function()
      assert.are.equal(scraper.Scraper, getmetatable(scraper.MockScraper))
      assert.are.equal(scraper.Scraper, getmetatable(scraper.HttpScraper))
      assert.are.equal(scraper.MockScraper, getmetatable(scraper.MockScraper:new({})))
      assert.are.equal(scraper.HttpScraper, getmetatable(scraper.HttpScraper:new()))
    end)
  end)

  describe("MockScraper", function()
    it("returns the canned page of a known URL", function()
      local mock = scraper.MockScraper:new({ ["http://shop/1"] = "<h1>one</h1>" })
      assert.are.same({ url = "http://shop/1", status = 200, body = "<h1>one</h1>" },
                      mock:scrape("http://shop/1"))
    end)

    it("raises an HTTP 404 error for an unknown URL, as the real one would", function()
      local mock = scraper.MockScraper:new({})
      assert.are.same({ kind = "http", status = 404, url = "http://shop/9" },
                      error_of(mock.scrape, mock, "http://shop/9"))
    end)

    it("records the URLs it was asked for, each mock its own", function()
      local a = scraper.MockScraper:new({ x = "X" })
      local b = scraper.MockScraper:new({})
      a:scrape("x")
      pcall(a.scrape, a, "y")
      pcall(b.scrape, b, "z")
      assert.are.same({ "x", "y" }, a.calls)
      assert.are.same({ "z" }, b.calls)
    end)
  end)

  describe("HttpScraper", function()
    it("returns the page of a 200 response", function()
      local page = scraper.HttpScraper:new():scrape(product(3))
      assert.are.equal(product(3), page.url)
      assert.are.equal(200, page.status)
      assert.truthy(page.body:find('"name":"Product 3"', 1, true), page.body)
    end)

    it("raises an HTTP error status instead of returning it as a page", function()
      local s = scraper.HttpScraper:new()
      for _, code in ipairs({ 404, 500, 503 }) do
        local url = base .. "/status/" .. code
        assert.are.same({ kind = "http", status = code, url = url }, error_of(s.scrape, s, url))
      end
    end)

    it("returns other 2xx statuses as pages", function()
      local s = scraper.HttpScraper:new()
      local page = s:scrape(base .. "/status/201")
      assert.are.same({ url = base .. "/status/201", status = 201, body = '{"status":201}' }, page)
      assert.are.equal(204, s:scrape(base .. "/status/204").status)
    end)

    it("lets a transport failure go on up unchanged", function()
      local s = scraper.HttpScraper:new()
      local err = error_of(s.scrape, s, REFUSED)
      assert.are.equal("table", type(err))
      assert.are.equal("refused", err.kind)
    end)

    it("passes its options to every request, each scraper its own", function()
      local tagged = scraper.HttpScraper:new({ headers = { ["X-Kata"] = "scraper" } })
      local plain = scraper.HttpScraper:new()
      local body = tagged:scrape(base .. "/echo").body:lower()
      assert.truthy(body:find('"x-kata":"scraper"', 1, true), body)
      body = plain:scrape(base .. "/echo?again").body:lower()
      assert.falsy(body:find("x-kata", 1, true), body)
    end)
  end)

  describe("scrape_all", function()
    it("returns two empty lists for no URLs", function()
      local pages, failures = scraper.scrape_all(scraper.MockScraper:new({}), {})
      assert.are.same({}, pages)
      assert.are.same({}, failures)
    end)

    it("with a mock: pages and failures in the order of the URLs, each URL asked once", function()
      local mock = scraper.MockScraper:new({ a = "A", c = "C", d = "D" })
      local pages, failures = scraper.scrape_all(mock, { "a", "b", "c", "e", "d" })
      assert.are.same({
        { url = "a", status = 200, body = "A" },
        { url = "c", status = 200, body = "C" },
        { url = "d", status = 200, body = "D" },
      }, pages)
      assert.are.same({
        { url = "b", error = { kind = "http", status = 404, url = "b" } },
        { url = "e", error = { kind = "http", status = 404, url = "e" } },
      }, failures)
      assert.are.same({ "a", "b", "c", "e", "d" }, mock.calls)
    end)

    it("with the HTTP scraper: the same code, and HTTP errors surface as failures", function()
      local urls = { product(1), base .. "/status/404", REFUSED, product(2) }
      local pages, failures = scraper.scrape_all(scraper.HttpScraper:new(), urls)
      assert.are.equal(2, #pages)
      assert.are.equal(product(1), pages[1].url)
      assert.are.equal(product(2), pages[2].url)
      assert.truthy(pages[2].body:find('"id":2', 1, true))
      assert.are.equal(2, #failures)
      assert.are.same({ url = urls[2], error = { kind = "http", status = 404, url = urls[2] } },
                      failures[1])
      assert.are.equal(REFUSED, failures[2].url)
      assert.are.equal("refused", failures[2].error.kind)
    end)

    it("works with any object that has scrape, derived from Scraper or not", function()
      local seen = {}
      local duck = { scrape = function(self, url)
        seen[#seen + 1] = url
        return { url = url, status = 200, body = url:upper() }
      end }
      local pages, failures = scraper.scrape_all(duck, { "p", "q" })
      assert.are.same({ { url = "p", status = 200, body = "P" }, { url = "q", status = 200, body = "Q" } },
                      pages)
      assert.are.same({}, failures)
      assert.are.same({ "p", "q" }, seen)
    end)

    it("keeps going after a failure and keeps the error value as raised", function()
      local flaky = { scrape = function(self, url)
        if url == "bad" then error("parser choked", 0) end
        if url == "worse" then error({ code = 7 }, 0) end
        return { url = url, status = 200, body = "" }
      end }
      local pages, failures = scraper.scrape_all(flaky, { "bad", "ok", "worse", "fine" })
      assert.are.same({ "ok", "fine" }, { pages[1].url, pages[2].url })
      assert.are.same({ { url = "bad", error = "parser choked" }, { url = "worse", error = { code = 7 } } },
                      failures)
    end)

    it("rejects a scraper without scrape, and URLs that are not a table", function()
      local mock = scraper.MockScraper:new({})
      assert.error_matches(function() scraper.scrape_all({}, {}) end, "bad argument #1", 1, true)
      assert.error_matches(function() scraper.scrape_all(nil, {}) end, "bad argument #1", 1, true)
      assert.error_matches(function() scraper.scrape_all({ scrape = "no" }, {}) end, "bad argument #1", 1, true)
      assert.error_matches(function() scraper.scrape_all(mock, "a") end, "bad argument #2", 1, true)
      assert.error_matches(function() scraper.scrape_all(mock) end, "bad argument #2", 1, true)
    end)
  end)
end)
