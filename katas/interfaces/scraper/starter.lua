-- scraper.lua: a Scraper port, two adapters, and code that needs only the
-- port (the `scraper` kata). Run `dojo check scraper` to grade it and
-- `dojo hint scraper` when stuck.
--
--   local pages, failures = scraper.scrape_all(scraper.HttpScraper:new(), urls)
--   local pages, failures = scraper.scrape_all(scraper.MockScraper:new(canned), urls)
--
-- As it stands, it has all the parts, and each has a flaw: some tests
-- already pass; the rest tell you what is missing.

local M = {}

-- The port -------------------------------------------------------------

local Scraper = {}
Scraper.__index = Scraper
M.Scraper = Scraper

function Scraper:extend()
  local cls = setmetatable({}, self)
  cls.__index = cls
  return cls
end

function Scraper:new(...)
  -- TODO: refuse a class without a scrape method ("missing method 'scrape'").
  local obj = setmetatable({}, self)
  if self.init then
    obj:init(...)
  end
  return obj
end

function M.scrape_all(scraper, urls)
  -- TODO: check the arguments ("bad argument #1" / "bad argument #2").
  -- TODO: one failing URL must not stop the others: collect it in
  -- `failures` as { url = url, error = <what scrape raised> }.
  local pages, failures = {}, {}
  for _, url in ipairs(urls) do
    pages[#pages + 1] = scraper:scrape(url)
  end
  return pages, failures
end

-- The adapters ----------------------------------------------------------

local MockScraper = Scraper:extend()
M.MockScraper = MockScraper
MockScraper.calls = {} -- TODO: is this one list per mock?

function MockScraper:init(pages)
  self.pages = pages or {}
end

function MockScraper:scrape(url)
  self.calls[#self.calls + 1] = url
  -- TODO: an unknown URL raises { kind = "http", status = 404, url = url }.
  return { url = url, status = 200, body = self.pages[url] }
end

local HttpScraper = Scraper:extend()
M.HttpScraper = HttpScraper

function HttpScraper:init(opts)
  self.opts = opts
end

function HttpScraper:scrape(url)
  local http = require("http")
  local response = http.get(url, self.opts)
  -- TODO: is every response a page?
  return { url = url, status = response.status, body = response.body }
end

return M
