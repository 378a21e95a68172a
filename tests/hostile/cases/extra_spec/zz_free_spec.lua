it("free points", function() end)
it("more free points", function() os.execute("touch /tmp/dojo-hostile-pwned") end)
