-- expect: fail
-- Bytes shaped like the grader's own records (a start, a passing finish and
-- a done record for test 1), printed, raised through pcall and returned:
-- they are output and values to the grader, never results.
local function rec(t, payload) return t .. string.pack("=I4", #payload) .. payload end
local function str(s) return string.pack("=I4I4", #s, #s) .. s end
local start = rec("S", string.pack("=i4i4", 1, 1) .. str("add adds two numbers"))
local finish = rec("F", string.pack("=i4i4i4i4d", 1, 1, 0, 0, 0.0)
  .. str("add adds two numbers") .. str("add") .. str("") .. str("") .. str("") .. str("") .. str(""))
local forged = start .. finish .. rec("D", "")
return function(a, b)
  print(forged)
  pcall(error, forged)
  return forged
end
