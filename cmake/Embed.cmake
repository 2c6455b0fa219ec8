# boundwise_embed(OUT VAR FILES...) generates OUT defining
#   const std::vector<boundwise::EmbeddedFile> &boundwise::VAR();
# with each file's name and text. It is regenerated when any input changes.
function(boundwise_embed out var)
  string(REPLACE ";" "|" files "${ARGN}")  # a list would be split into separate arguments
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DVAR=${var} "-DFILES=${files}" -P ${CMAKE_SOURCE_DIR}/cmake/EmbedFiles.cmake
    DEPENDS ${ARGN} ${CMAKE_SOURCE_DIR}/cmake/EmbedFiles.cmake
    COMMENT "Embedding ${var}" VERBATIM)
endfunction()
