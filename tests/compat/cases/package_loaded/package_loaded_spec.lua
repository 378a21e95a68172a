-- package_loaded_spec.lua: busted specs reset a module's state by removing
-- it from package.loaded so that require loads it afresh, and set
-- package.path at the top of the file; package.loaded shows the module
-- require gave.
package.path = './?.lua;' .. package.path

local ticket

describe('a module loaded afresh before each test', function()
  before_each(function()
    package.loaded['ticket'] = nil
    ticket = require('ticket')
  end)

  it('issues the first ticket', function()
    assert.are.equal('T001', ticket.issue())
  end)

  it('issues the first ticket again', function()
    assert.are.equal('T001', ticket.issue())
  end)

  it('counts within a test', function()
    ticket.issue()
    assert.are.equal('T002', ticket.issue())
  end)

  it('is the module package.loaded holds', function()
    assert.are.equal(ticket, package.loaded['ticket'])
  end)

  it('fails on a wrong number', function()
    assert.are.equal('T002', ticket.issue())
  end)
end)

describe('a module kept in package.loaded', function()
  it('keeps its state between requires', function()
    local first = require('ticket')
    first.issue()
    assert.are.equal('T002', require('ticket').issue())
  end)
end)
