# cmake -DOUT=file.cpp -DDIR=dir -DPATTERN=*.txt -DNAMESPACE=belfry::x -DFUNCTION=Name -P EmbedFiles.cmake
# Writes a C++ file whose FUNCTION() returns every DIR/PATTERN file as (file name, content), sorted.
file(GLOB files "${DIR}/${PATTERN}")
list(SORT files)
set(body "")
foreach(f ${files})
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" content)
  set(body "${body}        {\"${name}\", R\"belfryfile(${content})belfryfile\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from ${DIR}/${PATTERN} by cmake/EmbedFiles.cmake. Do not edit.\n#include <string>\n#include <utility>\n#include <vector>\n\nnamespace ${NAMESPACE} {\nconst std::vector<std::pair<std::string, std::string>>& ${FUNCTION}() {\n    static const std::vector<std::pair<std::string, std::string>> files{\n${body}    };\n    return files;\n}\n}  // namespace ${NAMESPACE}\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
