// Package safeout writes a command's output files so that no input and no
// file the tool did not write is ever replaced or deleted, and a failed run
// leaves the file system as it was.
//
// # Promises
//
//   - An output never replaces or deletes a file the tool did not write.
//     Each output folder holds a manifest (Manifest, ".sib-outputs") listing
//     the files the tool wrote there with their size and SHA-256; an
//     existing file of the same name is replaced only when it is listed and
//     unchanged since. Anything else in the folder is left alone, and a
//     name clash with it is an error before anything is written.
//   - No output is an input of the same run, and no output goes into an
//     input folder: a folder given to Input, or one holding a file whose
//     name only an input folder holds (scenario.csv, ledger.csv…) that the
//     tool did not write, or that a command whose outputs are inputs
//     wrote (InputWriters: sib init, sib convert).
//   - Writes are atomic: each output is staged in a temporary file in its
//     own folder (".sib-tmp-*"), synced, and renamed into place by Commit
//     only once every output of the run is staged. Abort removes the
//     staged files and any folder the batch made.
//   - Symbolic links and special files (devices, FIFOs) are never written
//     through: as an existing output name they are an error.
//
// # Use
//
// Reserve every output (Folder, File) before the run's work, so that a
// refusal costs nothing; Put or Stream each output; then Commit. Defer
// Abort right after New: it does nothing once Commit has run.
//
// # Concurrency
//
// A Batch is used by one goroutine. Two runs writing into the same folder
// at once may each miss the other's manifest entries; the files stay
// protected (unlisted), never lost.
package safeout
