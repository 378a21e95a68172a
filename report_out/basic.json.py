import json,sys
def bad(c): raise ValueError(c)
d=json.load(open(sys.argv[1],encoding="utf-8"),parse_constant=bad)
num=(int,float)
assert d["version"]==3
assert d["status"] in ("pass","fail","error")
assert (d["status"]=="error")==isinstance(d.get("message"),str)
assert isinstance(d["max_score"],num)
keys={"name","status","message","output","test_code","task_id","score"}
for t in d["tests"]:
  assert set(t)<=keys and isinstance(t["name"],str)
  assert t["status"] in ("pass","fail","error")
  assert (t["status"]!="pass")==isinstance(t.get("message"),str)
  assert len(t.get("output",""))<=500
  assert isinstance(t["score"],num) and isinstance(t.get("task_id",1),int)
bad=[t for t in d["tests"] if t["status"]!="pass"]
if d["status"]=="pass": assert not bad and d["tests"]
if d["status"]=="fail": assert bad
