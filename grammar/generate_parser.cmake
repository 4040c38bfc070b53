# Generates the DSL's C++ lexer and parser from Zcnas.g4 into OUT, and stamps OUT with the
# grammar's SHA-256. The build runs it; so does scripts/gpu/pack_deps.sh, whose output lets a
# machine without Java or the antlr4 tool build zcnas (ZCNAS_GRAMMAR_GENERATED_DIR), and the
# stamp lets that build refuse sources generated from another grammar.
#   cmake -DOUT=<dir> [-DANTLR4=<antlr4 tool>] -P grammar/generate_parser.cmake
if(NOT OUT)
  message(FATAL_ERROR "generate_parser.cmake: pass -DOUT=<dir>")
endif()
if(NOT ANTLR4)
  find_program(ANTLR4 antlr4 REQUIRED)  # Debian's wrapper script around the 4.7.2 jar
endif()
# Debian's antlr4_generate() helper is broken with Debian's jar (no classpath): call the tool.
execute_process(
  COMMAND ${ANTLR4} -Dlanguage=Cpp -no-visitor -no-listener -package zcnas_grammar
          -Xexact-output-dir -o ${OUT} ${CMAKE_CURRENT_LIST_DIR}/Zcnas.g4
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "antlr4 failed on ${CMAKE_CURRENT_LIST_DIR}/Zcnas.g4 (${status})")
endif()
file(SHA256 ${CMAKE_CURRENT_LIST_DIR}/Zcnas.g4 grammar_hash)
file(WRITE ${OUT}/Zcnas.g4.sha256 "${grammar_hash}\n")
