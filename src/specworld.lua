-- specworld.lua: what dojo adds to a spec's world so that specs written
-- for busted, which runs spec and solution in one _G, behave the same in
-- dojo's two sandboxed worlds: one standard library seen by both (a spec's
-- stubs reach the solution), loadfile/dofile, and package.loaded/path.
-- Compiled into the dojo binary beside runner.lua (cmake/embed.cmake);
-- runner.lua calls it with R (see runner.lua's header: R.globals,
-- R.solution_globals, R.spec_loaded, R.solution_loaded, R.require) and the
-- table of the spec's API globals. Returns nothing.
local R, api = ...
local next, rawset, rawget, rawequal, setmetatable, type, ipairs, error =
  next, rawset, rawget, rawequal, setmetatable, type, ipairs, error

-- One standard library, as busted has one _G: what the spec puts into a
-- library table (stub(math, "random"), spy.on(io, "write"), os.time = f) or
-- into _G (spy.on(_G, "print"), _G.x = v) reaches the solution's world too,
-- so a solution calling math.random or print meets the spec's stub, as
-- under busted; putting the spec's original back gives the solution its own
-- original again (the two worlds' io differ: each is confined to its own
-- folders). The spec world's library tables become views (reads fall
-- through to its own copy; writes go to both worlds), so nothing runs on
-- the solution's side: its tables stay plain, its own writes stay in its
-- world, and it can't reach the spec's. Not mirrored: the string
-- metatable's __index (s:format()), which the host's own code uses too.
do
  local G, S = R.globals, R.solution_globals
  -- mirror: a setter writing into `own` (the spec's) and `sol` (the
  -- solution's), where the spec's original means the solution's original.
  local function mirror(own, sol)
    local spec_orig, sol_orig = {}, {}
    for k, v in next, own do spec_orig[k] = v end
    for k, v in next, sol do sol_orig[k] = v end
    return function(k, v)
      rawset(own, k, v)
      if rawequal(v, spec_orig[k]) then v = sol_orig[k] end
      rawset(sol, k, v)
    end, spec_orig
  end
  local libs = { "string", "table", "math", "utf8", "coroutine", "os", "io" }
  for _, name in ipairs(libs) do
    local own, sol = rawget(G, name), rawget(S, name)
    if type(own) == "table" and type(sol) == "table" then
      local set = mirror(own, sol)
      local view = setmetatable({}, {
        __index = own,
        __newindex = function(_, k, v) set(k, v) end,
        __pairs = function() return next, own, nil end,
      })
      rawset(G, name, view)
    end
  end
  -- _G: a view of the spec world's globals whose writes reach both.
  local set_global = mirror(G, S)
  rawset(G, "_G", setmetatable({}, {
    __index = G,
    __newindex = function(_, k, v) set_global(k, v) end,
    __pairs = function() return next, G, nil end,
  }))
end

-- loadfile/dofile for the spec (Exercism's say spec loads its solution with
-- loadfile 'say.lua' because busted's own `say` module takes the name): a
-- Lua file of the folder, named by a relative path (dots as in require
-- names are not allowed: "lib/x.lua" is module lib.x), loads the way
-- require would load that module: into the solution's world, or a helper
-- into the spec's (names of dojo's and luassert's modules always go to the
-- solution's require, which looks in the folder first). Not a fresh load:
-- the module's cached value comes back. A path that does not open gives
-- nil and a message, as loadfile does.
do
  local G, S = R.globals, R.solution_globals
  local host_names = { say = true, luassert = true, async = true, http = true }
  local function spec_loadfile(path)
    if type(path) ~= "string" then
      error("loadfile from a spec needs a file name (reading stdin is not supported)", 2)
    end
    local rel = path:gsub("^%./", "")
    local base = rel:match("^(.-)%.lua$")
    if base == nil or base == "" or base:find("%.") or base:find("//") then
      return nil, "cannot open " .. path .. " (a spec loads .lua files of its folder only)"
    end
    local f = G.io.open(rel, "r")
    if f == nil then return nil, "cannot open " .. path end
    f:close()
    local name = base:gsub("/", ".")
    local root = name:match("^[^.]+")
    local req = host_names[root] and S.require or R.require
    return function() return req(name) end
  end
  api.loadfile = spec_loadfile
  api.dofile = function(path)
    local chunk, err = spec_loadfile(path)
    if chunk == nil then error(err, 2) end
    return chunk()
  end
end

-- package for the spec: package.loaded reads the spec world's module cache,
-- then the solution's; setting an entry (package.loaded.name = nil, so the
-- next require loads the module afresh, as specs do between tests) sets it
-- in both. package.path may be changed (require does not read it). No
-- loadlib, no searchers.
do
  local spec_loaded, sol_loaded = R.spec_loaded, R.solution_loaded
  local loaded = setmetatable({}, {
    __index = function(_, k)
      local v = spec_loaded[k]
      if v == nil and type(sol_loaded) == "table" then v = sol_loaded[k] end
      return v
    end,
    __newindex = function(_, k, v)
      rawset(spec_loaded, k, v)
      if type(sol_loaded) == "table" then rawset(sol_loaded, k, v) end
    end,
  })
  R.globals.package = {
    loaded = loaded, preload = {}, cpath = "", config = package.config,
    path = "./?.lua;./?/init.lua;./src/?.lua;./src/?/init.lua",
  }
end
