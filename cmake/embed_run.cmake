# Script half of dojo_embed: reads INPUT as hex and writes OUTPUT.
file(READ ${INPUT} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
string(LENGTH "${hex}" n)
math(EXPR n "${n} / 2")
get_filename_component(name ${INPUT} NAME)
file(WRITE ${OUTPUT} "/* Generated from ${name} by cmake/embed_run.cmake; do not edit. */\n"
  "static const char ${SYMBOL}[] = {\n${body}0x00};\n"
  "static const unsigned long ${SYMBOL}_len = ${n};\n")
