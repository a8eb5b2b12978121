#pragma once

#include <functional>
#include <QString>

namespace Reelwatch {

// What a download's file name may be made of.
struct DownloadNameFields
{
    QString id;
    QString label;
    QString variant; // "video", "thumbnail" or "spritesheet"
    QString model;
    QString prompt; // for {title}
};

// File names for downloaded assets: a pattern with {title} (TaskTitle: label, else the start of the
// prompt, else the ID), {label-or-id}, {id}, {label}, {variant} and {model}, the variant's extension, and a result that
// is a valid single file name on Windows, macOS and Linux alike. Pure, except freePath/isTaken and the reservations:
// the one question about the disk (does this name exist?) is otherwise asked through a function the caller passes in.
class DownloadNaming
{
public:
    static constexpr const char* kDefaultPattern = "{label-or-id}";
    // Bytes, not characters: ext4, APFS and NTFS all stop near 255, and " (9999)" must still fit.
    static constexpr int kMaxNameBytes = 240;
    static constexpr int kMaxNumberedSuffix = 9999;

    // ".mp4" for video, ".webp" for thumbnail, ".jpg" for spritesheet; ".bin" for anything else.
    static QString extensionFor(const QString& variant);

    // Replaces the placeholders; unknown ones stay as written (and are then sanitised).
    static QString expand(const QString& pattern, const DownloadNameFields& fields);

    // One safe file name component: no separators or characters Windows forbids, no control
    // characters, no reserved device name (CON, NUL, COM1, …), no trailing dots or spaces, no leading
    // dot, at most maxBytes of UTF-8. Empty results become `fallback` (sanitised in turn), then
    // "download".
    static QString sanitise(const QString& name, const QString& fallback = QString(), int maxBytes = kMaxNameBytes);

    // expand + sanitise + the variant's extension (kept when the pattern already ends with it).
    static QString fileName(const QString& pattern, const DownloadNameFields& fields);

    // "name (n).ext" for n >= 2; the name itself for n <= 1.
    static QString numbered(const QString& fileName, int n);

    // `directory/fileName` if `exists` says it is free, else the first free "name (n).ext". Empty
    // when every number up to kMaxNumberedSuffix is taken.
    static QString uniquePath(const QString& directory, const QString& fileName,
                              const std::function<bool(const QString& path)>& exists);

    // Claims `path` for a download in this process; false when another one holds it. The lock file
    // guards against other processes; this guards against a second download in this one.
    static bool reserve(const QString& path);
    static void release(const QString& path);
    // Whether a download (in this process, or a live one holding NAME.part.lock) is writing `path`.
    static bool isBusy(const QString& path);

    // Whether a download may not take `path`: a file is there, or it is busy (see isBusy). A leftover NAME.part alone
    // does not count: it is what a new download resumes. (The download itself claims its name again and moves on to the
    // next number if it lost a race.)
    static bool isTaken(const QString& path);

    // uniquePath(directory, fileName(pattern, fields), isTaken): asks the disk.
    static QString freePath(const QString& directory, const QString& pattern, const DownloadNameFields& fields);
};

} // namespace Reelwatch
