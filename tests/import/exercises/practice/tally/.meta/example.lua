local words = require('words')

local tally = {}

function tally.count(text)
  local counts = {}
  for _, word in ipairs(words.split(text)) do
    counts[word] = (counts[word] or 0) + 1
  end
  return counts
end

return tally
