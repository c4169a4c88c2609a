# cmake -DOUT=file.cpp -DDIR=migrations -P EmbedMigrations.cmake
# Writes a C++ file that returns every DIR/*.sql file as (file name, content).
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(body "")
foreach(f ${files})
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" content)
  set(body "${body}        {\"${name}\", R\"belfrysql(${content})belfrysql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from src/store/migrations/*.sql by cmake/EmbedMigrations.cmake. Do not edit.\n#include <string>\n#include <utility>\n#include <vector>\n\nnamespace belfry::store {\nconst std::vector<std::pair<std::string, std::string>>& EmbeddedMigrationFiles() {\n    static const std::vector<std::pair<std::string, std::string>> files{\n${body}    };\n    return files;\n}\n}  // namespace belfry::store\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
