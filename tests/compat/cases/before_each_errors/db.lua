-- db.lua: solution module for the compat case "before_each_errors": a fake
-- database whose connect fails when asked to.
local db = {}

function db.connect(url)
  if url == nil then error('no url') end
  if url:match('^bad') then error({ code = 'ECONNREFUSED', url = url }) end
  return { url = url, query = function(_, q) return q:upper() end }
end

return db
