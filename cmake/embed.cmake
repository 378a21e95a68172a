# dojo_embed(INPUT SYMBOL OUTPUT): turns a text file into a C header holding
# `static const char SYMBOL[]` (NUL-terminated) and `SYMBOL_len`, rebuilt when
# INPUT changes. Used to compile the spec runner's Lua half into the binary.
function(dojo_embed input symbol output)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DSYMBOL=${symbol} -DOUTPUT=${output}
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${input} ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding ${input}")
endfunction()
