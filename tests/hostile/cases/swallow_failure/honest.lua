-- A correct add.each for the swallow_failure spec: a failure of fn is not
-- caught (a caught one that is raised again is fine too).
return {
  each = function(list, fn)
    for _, v in ipairs(list) do
      local ok, err = pcall(fn, v * 2)
      if not ok then error(err, 0) end
    end
  end,
}
