rm -f add.lua
ln -s "$CLASSMATE" add.lua
