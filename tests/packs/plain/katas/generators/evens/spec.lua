local evens = require("evens").evens
describe("evens", function()
  it("lists 2, 4, 6", function()
    local got = {}
    for v in evens(6) do got[#got + 1] = v end
    assert.are.same({ 2, 4, 6 }, got)
  end)
end)
