local words = require('words')

local tally = {}

function tally.count(text)
  -- words.split(text) gives the words of text, in order
end

return tally
