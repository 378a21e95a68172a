import json,sys
def bad(c): raise ValueError(c)
d=json.load(open(sys.argv[1],encoding="utf-8"),parse_constant=bad)
num=(int,float)
assert isinstance(d["score"],num) and isinstance(d["execution_time"],num)
assert isinstance(d["output"],str)
keys={"name","score","max_score","status","output","visibility","extra_data"}
for t in d["tests"]:
  assert set(t)<=keys and isinstance(t["name"],str)
  assert isinstance(t["score"],num) and isinstance(t["max_score"],num)
  assert t["status"] in ("passed","failed")
  assert t["visibility"] in ("visible","hidden","after_due_date","after_published")
  assert isinstance(t.get("output",""),str) and isinstance(t.get("extra_data",{}),dict)
assert abs(d["score"]-sum(t["score"] for t in d["tests"]))<1e-9
