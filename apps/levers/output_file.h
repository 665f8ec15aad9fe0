// The files a command writes (-o, --in-place): through a temporary file in
// the same folder and a rename, so a reader never sees half a file and a
// failed write leaves the old one. Each function prints why it failed on
// stderr ("levers: cannot write x.json: No such file or directory") and
// returns false. Not thread-safe: WriteAtomically reads the umask by setting
// it.
#ifndef LEVERS_APPS_LEVERS_OUTPUT_FILE_H_
#define LEVERS_APPS_LEVERS_OUTPUT_FILE_H_

#include <string>
#include <utility>
#include <vector>

namespace levers::cli {

// Writes `text` to `path`, replacing it whole. A symbolic link is written
// through: its target is replaced and the link kept, and the new file takes
// the target's permission bits (a new file: 0666 less the umask, as any
// other program would create it). A path that exists and is not a regular
// file (/dev/null, a FIFO) is written as it is, since renaming over it would
// replace the device. A link that points nowhere is replaced by the file.
bool WriteAtomically(const std::string& path, const std::string& text);

// -o: WriteAtomically to a file, or standard output for "-" or no -o ("").
bool WriteOut(const std::string& path, const std::string& text);

// Flushes standard output and says whether everything printed on it so far
// was written: false, with the reason on stderr, on a full disk (ENOSPC), a
// file size limit (EFBIG), a closed stdout (EBADF) and the like. Every
// command's output is checked so once it has run (main), so that none exits
// 0 with its output lost.
bool FlushStandardOutput();

// Called first in main, before anything else is opened. Opens each of the
// three standard streams the caller closed (`levers build g site >&-`):
// otherwise the next open() would take its number, and what is printed for
// stdout would land in a page, a -o file or the store. stdin and stderr are
// held on /dev/null, stdout on /dev/full, so that printing to it fails and
// FlushStandardOutput says it is closed. Then gives std::cout a buffer that
// keeps why a write failed.
void SetUpStandardStreams();

// Whether -o `output` may be written, given the files the command reads
// (`inputs`: each path with what it is, "the salary CSV"; an empty path is
// skipped): not one of them, compared as files (a link to it, ./x.csv), since
// it would be replaced by what was made from it; and not a folder. Meant to
// run before anything is read. Says why and returns false when not.
bool OutputIsNotAnInput(const std::string& output,
                        const std::vector<std::pair<std::string, std::string>>& inputs);

}  // namespace levers::cli

#endif  // LEVERS_APPS_LEVERS_OUTPUT_FILE_H_
