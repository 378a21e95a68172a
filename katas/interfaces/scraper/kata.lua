return {
  title = "Scraper: a port and two adapters",
  concept = "interfaces",
  difficulty = 3,
  points = 15,
  module = "scraper",
  server = true,
  summary = "A Scraper port, a MockScraper and an HttpScraper on http.get, and scrape_all(scraper, urls), which works with either and lets no HTTP error pass for a page.",
  hints = {
    "Write scrape_all first, against nothing but a method scrape(self, url): it never asks which scraper it has. Call it under pcall for each URL, so one failure becomes an entry of the failure list and the loop goes on. Then the adapters: each a Scraper:extend() with its own init and scrape.",
    "An HTTP error status is a response, not an error, for http.get: `http.get(url).status` may well be 404. The HttpScraper has to turn a status >= 400 into an error itself, `error({ kind = \"http\", status = s, url = url }, 0)`, and the mock must raise the very same kind of error for a URL it doesn't know, or tests written against the mock prove nothing about the real thing. Keep per-instance state (the mock's calls) in init, on self, never on the class.",
    "scrape_all: check `type(scraper.scrape) == \"function\"` (table or userdata first) and `type(urls) == \"table\"`; then `for _, url in ipairs(urls) do local ok, r = pcall(scraper.scrape, scraper, url); if ok then pages[#pages+1] = r else failures[#failures+1] = { url = url, error = r } end end`. HttpScraper:scrape: `local r = http.get(url, self.opts)`; if r.status >= 400 raise the http error; else return { url = url, status = r.status, body = r.body }. Scraper:new refuses a class whose `self.scrape` is not a function.",
  },
  -- Tests the starter passes as written (dojo validate checks that every
  -- other test fails on it).
  starter_passes = {
    "scraper the Scraper port is the parent of both adapters",
    "scraper MockScraper returns the canned page of a known URL",
    "scraper HttpScraper returns the page of a 200 response",
    "scraper HttpScraper returns other 2xx statuses as pages",
    "scraper HttpScraper lets a transport failure go on up unchanged",
    "scraper HttpScraper passes its options to every request, each scraper its own",
    "scraper scrape_all returns two empty lists for no URLs",
    "scraper scrape_all works with any object that has scrape, derived from Scraper or not",
  },
}
