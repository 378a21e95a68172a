-- account.lua: solution module for the compat case "assert_errors": a bank
-- account that raises string, table and number errors.
local account = {}
account.__index = account

function account.new(balance)
  if type(balance) ~= 'number' then error('balance must be a number') end
  return setmetatable({ balance = balance }, account)
end

function account:withdraw(n)
  if n <= 0 then error({ code = 'EINVAL', amount = n }) end
  if n > self.balance then error('insufficient funds: ' .. self.balance .. ' < ' .. n) end
  self.balance = self.balance - n
  return self.balance
end

function account:freeze()
  error(403)
end

function account:close()
  error('closed', 0)
end

return account
