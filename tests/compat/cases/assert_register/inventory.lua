-- inventory.lua: solution module for the compat case "assert_register".
local inventory = {}

function inventory.item(name, qty)
  return { name = name, qty = qty, tags = {} }
end

function inventory.restock(item, n)
  item.qty = item.qty + n
  return item
end

return inventory
