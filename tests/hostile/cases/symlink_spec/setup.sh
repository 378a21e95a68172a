# Links to the spec this mode grades with ($SPEC, an absolute path).
ln -s "$SPEC" answers.lua
ln -s "$SPEC" answers.txt
ln -s "$SPEC" spec_copy_spec.lua
printf '%s\n' "$SPEC" > where.txt
