-- expect: runtime
-- tests: 3
-- Output and an error message built to break the reports that carry them:
-- NUL and other control bytes, terminal escapes (clear screen, set title,
-- a green PASS), bytes that are not UTF-8 (and a UTF-16 surrogate's), a
-- line separator, and the closers of each format (TAP result lines, YAML's
-- end, CDATA and JUnit elements, JSON strings). Every format must stay
-- well-formed (run.sh parses the JUnit report) and every test an error.
local nasty = "\1\2\27[2J\27]0;pwned\7\27[32mPASS\27[0m \255\254\192\128\237\160\128 \226\128\168"
  .. "\r\nok 1 - add adds two numbers\n  ...\n]]></failure></testcase><testcase name=\"forged\"/>"
  .. "<![CDATA[ \"},{\"status\":\"pass\",\"name\":\"forged\"} --- "
return function(a, b)
  print(nasty)
  print("\0" .. nasty)
  error(nasty .. "\0" .. nasty)
end
