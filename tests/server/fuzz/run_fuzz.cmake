# ctest's fuzz_rest_request: builds the fuzz target with clang in BIN (a project of its own, as
# the main build uses GCC), then fuzzes for SECONDS starting from the committed seed corpus
# (tests/server/fuzz-corpus, only read). New inputs go to BIN/corpus, never into the repository.
# No clang, a failed build, a crash, a sanitizer report or a trap fails the test: it never skips.
# usage: cmake -DSRC=<repository> -DBIN=<dir> -DSECONDS=60 -P run_fuzz.cmake
foreach(var SRC BIN SECONDS)
  if(NOT ${var})
    message(FATAL_ERROR "run_fuzz.cmake: set -D${var}=")
  endif()
endforeach()
find_program(CLANGXX NAMES clang++ clang++-16 clang++-15 clang++-14)
if(NOT CLANGXX)
  message(FATAL_ERROR "clang++ not found: the fuzz test needs clang (scripts/setup.sh --tests)")
endif()
find_program(CCACHE ccache)
set(launcher "")
if(CCACHE)
  set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${CCACHE})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SRC}/tests/server/fuzz -B ${BIN} -G Ninja
                        -DCMAKE_CXX_COMPILER=${CLANGXX} -DCMAKE_BUILD_TYPE=RelWithDebInfo
                        -DHAWKMOTH_SOURCE_DIR=${SRC} ${launcher}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the fuzz target failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BIN} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the fuzz target failed (${rc})")
endif()
file(MAKE_DIRECTORY ${BIN}/corpus)
execute_process(COMMAND ${BIN}/fuzz_rest_request -max_total_time=${SECONDS} -timeout=10
                        -rss_limit_mb=2048 -print_final_stats=1 ${BIN}/corpus
                        ${SRC}/tests/server/fuzz-corpus
                WORKING_DIRECTORY ${BIN}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the fuzz target found a failure (${rc}); the input is in ${BIN}")
endif()
