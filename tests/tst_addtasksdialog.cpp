// The add dialog on real widgets (offscreen): pasted text of any shape becomes a list of IDs with
// verdicts per profile, the add button says what it will do, and dropped files are read with
// specific errors for what cannot be used, without losing what can.

#include "core/taskintake.h"
#include "ui/board/addtasksdialog.h"
#include "ui/board/taskdroptext.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUrl>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using namespace Reelwatch;

class TestAddTasksDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void mixedInputShowsEveryIdWithItsVerdict();
    void switchingProfileReevaluatesDuplicates();
    void addButtonSaysWhatItWillDo();
    void typingUpdatesTheListAfterAPause();
    void acceptOnlyWithSomethingToAdd();
    void labelIsTrimmedAndOptional();
    void unknownInitialProfileFallsBackToTheDefault();
    void everyControlIsNamedAndReachable();
    void aLongIdLeavesTheVerdictInView();
    void rowsCarryTheLabelsTheTextGives();

    void readsTextFilesOfEveryShape();
    void reportsEachFileThatCannotBeRead();
    void oneBadFileDoesNotCostTheGoodOnes();
    void linksArePassedAsTextWithoutUserInfo();
    void filePathsBesideUrlsAreNotTakenForIds();
    void plainTextIsPassedAsItIs();
    void combineKeepsListsAndWrapsOtherShapes();
    void clipboardWithAnIdFileOpensTheDialog();

    void droppingFilesOnTheTextFieldFillsTheList();
    void droppingOnTheDialogAddsToWhatIsTyped();

private:
    QString writeFile(const QString& name, const QByteArray& content);
    static QStringList rows(const AddTasksDialog& dialog);
    static QPushButton* addButton(const AddTasksDialog& dialog);
    static QString summary(const AddTasksDialog& dialog);
    static QMimeData* filesMime(const QStringList& paths);

    QList<Profile> m_profiles;
    QHash<qint64, QSet<QString>> m_known;
    std::function<bool(qint64, const QString&)> m_isKnown;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestAddTasksDialog::init()
{
    Profile openai;
    openai.id = 1;
    openai.name = QStringLiteral("OpenAI");
    openai.baseUrl = QUrl(QStringLiteral("https://api.openai.com"));
    openai.isDefault = true;
    Profile gateway;
    gateway.id = 2;
    gateway.name = QStringLiteral("Gateway");
    gateway.baseUrl = QUrl(QStringLiteral("https://gateway.example.com"));
    m_profiles = {openai, gateway};
    m_known = {{1, {QStringLiteral("video_a1")}}, {2, {QStringLiteral("video_b2")}}};
    m_isKnown = [this](qint64 profileId, const QString& id) { return m_known.value(profileId).contains(id); };
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestAddTasksDialog::writeFile(const QString& name, const QByteArray& content)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QStringList TestAddTasksDialog::rows(const AddTasksDialog& dialog)
{
    const QAbstractItemModel* model = dialog.findChild<QTreeView*>()->model();
    QStringList lines;
    for (int row = 0; row < model->rowCount(); ++row)
        lines << model->index(row, 0).data().toString() + QStringLiteral(" | ")
                + model->index(row, 1).data().toString();
    return lines;
}

QPushButton* TestAddTasksDialog::addButton(const AddTasksDialog& dialog)
{
    const auto buttons = dialog.findChild<QDialogButtonBox*>();
    for (QAbstractButton* button : buttons->buttons()) {
        if (buttons->buttonRole(button) == QDialogButtonBox::AcceptRole)
            return qobject_cast<QPushButton*>(button);
    }
    return nullptr;
}

QString TestAddTasksDialog::summary(const AddTasksDialog& dialog)
{
    for (const QLabel* label : dialog.findChildren<QLabel*>()) {
        if (label->accessibleName() == QLatin1String("Summary"))
            return label->text();
    }
    return QString();
}

QMimeData* TestAddTasksDialog::filesMime(const QStringList& paths)
{
    auto* mime = new QMimeData;
    QList<QUrl> urls;
    for (const QString& path : paths)
        urls << QUrl::fromLocalFile(path);
    mime->setUrls(urls);
    return mime;
}

void TestAddTasksDialog::mixedInputShowsEveryIdWithItsVerdict()
{
    AddTasksDialog dialog(m_profiles, 1, m_isKnown);
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Add tasks"));
    dialog.setText(QStringLiteral("video_a1\nvideo_b2\nvideo/bad\nvideo_c3\nvideo_c3\n"));

    const QStringList shown = rows(dialog);
    QCOMPARE(shown.size(), 4); // the repeated video_c3 once
    QCOMPARE(shown.at(0), QStringLiteral("video_a1 | Already tracked"));
    QCOMPARE(shown.at(1), QStringLiteral("video_b2 | Valid"));
    QVERIFY2(shown.at(2).startsWith(QStringLiteral("video/bad | Invalid: the ID contains '/' at position 6")),
             qPrintable(shown.at(2)));
    QCOMPARE(shown.at(3), QStringLiteral("video_c3 | Valid"));

    // Never colour alone: every verdict has an icon too (and its words).
    const QAbstractItemModel* model = dialog.findChild<QTreeView*>()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        QVERIFY(!model->index(row, 1).data(Qt::DecorationRole).value<QIcon>().isNull());

    QCOMPARE(summary(dialog), QStringLiteral("2 new, 1 already tracked, 1 invalid"));
    QCOMPARE(addButton(dialog)->text(), QStringLiteral("Add 2 tasks"));
    QVERIFY(addButton(dialog)->isEnabled());
    QCOMPARE(dialog.validIds(), (QStringList{QStringLiteral("video_b2"), QStringLiteral("video_c3")}));
    QCOMPARE(dialog.profileId(), qint64(1));
}

void TestAddTasksDialog::switchingProfileReevaluatesDuplicates()
{
    AddTasksDialog dialog(m_profiles, 1, m_isKnown);
    dialog.setText(QStringLiteral("video_a1, video_b2, video_c3"));
    QCOMPARE(dialog.validIds(), (QStringList{QStringLiteral("video_b2"), QStringLiteral("video_c3")}));

    auto* profiles = dialog.findChild<QComboBox*>();
    QCOMPARE(profiles->count(), 2);
    QVERIFY(profiles->currentText().startsWith(QStringLiteral("OpenAI")));
    profiles->setCurrentIndex(profiles->findData(2));

    QCOMPARE(dialog.profileId(), qint64(2));
    QCOMPARE(rows(dialog),
             (QStringList{QStringLiteral("video_a1 | Valid"), QStringLiteral("video_b2 | Already tracked"),
                          QStringLiteral("video_c3 | Valid")}));
    QCOMPARE(dialog.validIds(), (QStringList{QStringLiteral("video_a1"), QStringLiteral("video_c3")}));
    QCOMPARE(summary(dialog), QStringLiteral("2 new, 1 already tracked"));
}

void TestAddTasksDialog::addButtonSaysWhatItWillDo()
{
    AddTasksDialog dialog(m_profiles, 1, m_isKnown);
    QPushButton* add = addButton(dialog);
    QVERIFY(add);

    QVERIFY(!add->isEnabled()); // empty
    QCOMPARE(add->text(), QStringLiteral("Add tasks"));
    QVERIFY(rows(dialog).isEmpty());

    dialog.setText(QStringLiteral("video_a1"));
    QVERIFY(!add->isEnabled()); // only a duplicate
    QCOMPARE(summary(dialog), QStringLiteral("0 new, 1 already tracked"));

    dialog.setText(QStringLiteral("bad/one, bad/two"));
    QVERIFY(!add->isEnabled()); // only invalid
    QCOMPARE(summary(dialog), QStringLiteral("0 new, 2 invalid"));

    dialog.setText(QStringLiteral("{\"status\":\"ok\"}"));
    QVERIFY(!add->isEnabled());
    QCOMPARE(summary(dialog), QStringLiteral("0 new, 1 invalid"));

    dialog.setText(QStringLiteral("video_c3"));
    QVERIFY(add->isEnabled());
    QCOMPARE(add->text(), QStringLiteral("Add 1 task"));
    QCOMPARE(summary(dialog), QStringLiteral("1 new"));

    dialog.setText(QStringLiteral(R"({"object":"list","data":[{"id":"video_c3"},{"id":"video_d4"},{"id":"v5"}]})"));
    QCOMPARE(add->text(), QStringLiteral("Add 3 tasks"));
}

void TestAddTasksDialog::typingUpdatesTheListAfterAPause()
{
    AddTasksDialog dialog(m_profiles, 1, m_isKnown);
    auto* text = dialog.findChild<QPlainTextEdit*>();
    QTest::keyClicks(text, QStringLiteral("video_x1"));
    // Asked before the list caught up, the dialog still answers for what is in the field.
    QCOMPARE(dialog.validIds(), QStringList{QStringLiteral("video_x1")});
    QTRY_COMPARE(rows(dialog), QStringList{QStringLiteral("video_x1 | Valid")});

    QTest::keyClick(text, Qt::Key_Return);
    QTest::keyClicks(text, QStringLiteral("video_a1"));
    QTRY_COMPARE(rows(dialog),
                 (QStringList{QStringLiteral("video_x1 | Valid"), QStringLiteral("video_a1 | Already tracked")}));
    QCOMPARE(addButton(dialog)->text(), QStringLiteral("Add 1 task"));
}

void TestAddTasksDialog::acceptOnlyWithSomethingToAdd()
{
    AddTasksDialog dialog(m_profiles, 1, m_isKnown);
    dialog.show();
    QApplication::setActiveWindow(&dialog);
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    dialog.setText(QStringLiteral("video_a1"));
    dialog.accept(); // Ctrl+Enter with nothing new: stays open
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));

    // Typed and confirmed at once, before the list refreshed: the typed ID counts.
    auto* text = dialog.findChild<QPlainTextEdit*>();
    text->selectAll();
    QTest::keyClicks(text, QStringLiteral("video_n9"));
    QTest::keyClick(text, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.validIds(), QStringList{QStringLiteral("video_n9")});
}

void TestAddTasksDialog::labelIsTrimmedAndOptional()
{
    AddTasksDialog dialog(m_profiles, 1, m_isKnown);
    auto* label = dialog.findChild<QLineEdit*>();
    QVERIFY(label->placeholderText().contains(QStringLiteral("Optional")));
    QVERIFY(label->placeholderText().contains(QStringLiteral("every task")));
    QCOMPARE(dialog.label(), QString());
    QTest::keyClicks(label, QStringLiteral("  Boat at dawn  "));
    QCOMPARE(dialog.label(), QStringLiteral("Boat at dawn"));
}

void TestAddTasksDialog::unknownInitialProfileFallsBackToTheDefault()
{
    std::swap(m_profiles[0], m_profiles[1]); // the default second in the list
    AddTasksDialog dialog(m_profiles, 99, m_isKnown);
    QCOMPARE(dialog.profileId(), qint64(1));

    AddTasksDialog second(m_profiles, 2, m_isKnown);
    QCOMPARE(second.profileId(), qint64(2));

    AddTasksDialog none({}, 1, m_isKnown);
    none.setText(QStringLiteral("video_c3"));
    QCOMPARE(none.profileId(), qint64(0));
    QVERIFY(!addButton(none)->isEnabled()); // nowhere to add to
}

void TestAddTasksDialog::everyControlIsNamedAndReachable()
{
    AddTasksDialog dialog(m_profiles, 1, m_isKnown);
    const QList<QWidget*> controls{dialog.findChild<QPlainTextEdit*>(), dialog.findChild<QTreeView*>(),
                                   dialog.findChild<QComboBox*>(), dialog.findChild<QLineEdit*>()};
    for (QWidget* control : controls) {
        QVERIFY(control);
        QVERIFY2(!control->accessibleName().isEmpty(), control->metaObject()->className());
        QVERIFY2(control->focusPolicy() & Qt::TabFocus, control->metaObject()->className());
    }
    QVERIFY(dialog.findChild<QPlainTextEdit*>()->tabChangesFocus());
    // Tab walks text → list → profile → label.
    dialog.show();
    QApplication::setActiveWindow(&dialog);
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QCOMPARE(QApplication::focusWidget(), controls.first());
    for (int i = 1; i < controls.size(); ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), controls.at(i));
    }
    // Each field has a label with a mnemonic pointing at it.
    int buddies = 0;
    for (const QLabel* label : dialog.findChildren<QLabel*>()) {
        if (label->buddy() && controls.contains(label->buddy()) && label->text().contains(QLatin1Char('&')))
            ++buddies;
    }
    QCOMPARE(buddies, controls.size());
}

void TestAddTasksDialog::aLongIdLeavesTheVerdictInView()
{
    AddTasksDialog dialog(m_profiles, 1, m_isKnown);
    // 300 characters are too long in the generic grammar; a provider with longer IDs may take them.
    const QString valid = QStringLiteral("models/veo/operations/") + QString(278, QLatin1Char('a'));
    const QString tooLong = QStringLiteral("video_") + QString(294, QLatin1Char('b'));
    QCOMPARE(valid.size(), 300);
    QCOMPARE(tooLong.size(), 300);
    dialog.setIdCheck([](qint64, const QString& candidate) {
        TaskIdCheck check = TaskId::validate(candidate);
        if (candidate.startsWith(QStringLiteral("models/"))) {
            check = {};
            check.valid = true;
            check.id = candidate.trimmed();
        }
        return check;
    });
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    auto* list = dialog.findChild<QTreeView*>();
    const QAbstractItemModel* model = list->model();
    for (const int width : {680, 480, 900}) {
        dialog.resize(width, 560);
        dialog.setText(valid + QStringLiteral("\n") + tooLong + QStringLiteral("\nvideo_c3"));
        QCoreApplication::processEvents();
        QCOMPARE(model->rowCount(), 3);
        QVERIFY2(model->index(0, 1).data().toString() == QStringLiteral("Valid"),
                 qPrintable(model->index(0, 1).data().toString()));
        QVERIFY(model->index(1, 1).data().toString().startsWith(QStringLiteral("Invalid: the ID is 300 characters")));

        const QRect viewport = list->viewport()->rect();
        QCOMPARE(list->horizontalScrollBar()->value(), 0);
        const int word = list->fontMetrics().horizontalAdvance(QStringLiteral("Invalid: the ID"));
        for (int row = 0; row < model->rowCount(); ++row) {
            const QRect verdict = list->visualRect(model->index(row, 1));
            QVERIFY2(
                viewport.contains(verdict.topLeft()),
                qPrintable(QStringLiteral("width %1, row %2: verdict at %3").arg(width).arg(row).arg(verdict.left())));
            QVERIFY2(verdict.intersected(viewport).width() >= word,
                     qPrintable(QStringLiteral("width %1, row %2: %3 pixels of the verdict shown")
                                    .arg(width)
                                    .arg(row)
                                    .arg(verdict.intersected(viewport).width())));
        }
        // Elided on screen only: the model, and so screen readers and the tooltip, have the whole ID.
        QCOMPARE(model->index(0, 0).data().toString(), valid);
        QCOMPARE(model->index(0, 0).data(Qt::ToolTipRole).toString().remove(QLatin1Char('\n')), valid);
        QCOMPARE(model->index(1, 0).data().toString(), tooLong);
        // A short ID is not cut to make room.
        QVERIFY(list->visualRect(model->index(2, 0)).width()
                >= list->fontMetrics().horizontalAdvance(QStringLiteral("video_c3")));
    }
}

void TestAddTasksDialog::rowsCarryTheLabelsTheTextGives()
{
    AddTasksDialog dialog(m_profiles, 1, m_isKnown);
    auto* list = dialog.findChild<QTreeView*>();
    const QAbstractItemModel* model = list->model();
    const auto labelsShown = [model] {
        QStringList shown;
        for (int row = 0; row < model->rowCount(); ++row)
            shown << model->index(row, 0).data().toString() + QStringLiteral(" = ")
                    + model->index(row, 2).data().toString();
        return shown;
    };

    dialog.setText(QStringLiteral("task_id,status,prompt\nvideo_c1,queued,\"A boat, at dawn\"\nvideo_c2,done,A cat\n"
                                  "video_a1,done,Known\nvideo_c4,done,\n"));
    QCOMPARE(model->headerData(2, Qt::Horizontal).toString(), QStringLiteral("Label"));
    QVERIFY(!list->isColumnHidden(2));
    QCOMPARE(labelsShown(),
             (QStringList{QStringLiteral("video_c1 = A boat, at dawn"), QStringLiteral("video_c2 = A cat"),
                          QStringLiteral("video_a1 = Known"), QStringLiteral("video_c4 = ")}));
    // Each new ID with its own label; the one already tracked is not added, so not labelled either.
    QCOMPARE(dialog.validIds(),
             (QStringList{QStringLiteral("video_c1"), QStringLiteral("video_c2"), QStringLiteral("video_c4")}));
    const QHash<QString, QString> own{{QStringLiteral("video_c1"), QStringLiteral("A boat, at dawn")},
                                      {QStringLiteral("video_c2"), QStringLiteral("A cat")}};
    QCOMPARE(dialog.labels(), own);
    QCOMPARE(dialog.label(), QString());

    // A label typed for the batch takes the place of those found, and the rows say so.
    auto* label = dialog.findChild<QLineEdit*>();
    QTest::keyClicks(label, QStringLiteral("Morning"));
    QCOMPARE(labelsShown(),
             (QStringList{QStringLiteral("video_c1 = Morning"), QStringLiteral("video_c2 = Morning"),
                          QStringLiteral("video_a1 = Morning"), QStringLiteral("video_c4 = Morning")}));
    QCOMPARE(dialog.labels(),
             (QHash<QString, QString>{{QStringLiteral("video_c1"), QStringLiteral("Morning")},
                                      {QStringLiteral("video_c2"), QStringLiteral("Morning")},
                                      {QStringLiteral("video_c4"), QStringLiteral("Morning")}}));
    label->clear();
    QCOMPARE(dialog.labels(), own);

    dialog.setText(QStringLiteral(R"({"object":"list","data":[{"id":"video_j1","label":"Boat"},)"
                                  R"({"id":"video_j2","label":"Cat","prompt":"a cat"}]})"));
    QCOMPARE(labelsShown(), (QStringList{QStringLiteral("video_j1 = Boat"), QStringLiteral("video_j2 = Cat")}));
    QCOMPARE(dialog.labels(),
             (QHash<QString, QString>{{QStringLiteral("video_j1"), QStringLiteral("Boat")},
                                      {QStringLiteral("video_j2"), QStringLiteral("Cat")}}));

    // Text without labels shows no label column.
    dialog.setText(QStringLiteral("video_c1\nvideo_c2"));
    QVERIFY(list->isColumnHidden(2));
    QVERIFY(dialog.labels().isEmpty());
}

void TestAddTasksDialog::readsTextFilesOfEveryShape()
{
    const QString json
        = writeFile(QStringLiteral("list.json"),
                    R"({"object":"list","data":[{"id":"video_j1"},{"id":"video_j2"}],"has_more":false})");
    const QString csv = writeFile(QStringLiteral("export.CSV"),
                                  "profile,task_id,label\r\nOpenAI,video_c1,Boat\r\nOpenAI,video_c2,\r\n");
    const QString txt = writeFile(QStringLiteral("ids.txt"), "\xEF\xBB\xBFvideo_t1\nvideo_t2\n"); // with a UTF-8 BOM
    QByteArray utf16("\xFF\xFE");
    for (const char c : QByteArray("video_u1\r\n"))
        utf16 += QByteArray(1, c) + QByteArray(1, '\0');
    const QString windows = writeFile(QStringLiteral("notepad.txt"), utf16);

    const auto idsOf = [](const QString& text) { return TaskIntake::validIds(TaskIntake::review(text, {})); };

    std::unique_ptr<QMimeData> mime(filesMime({json}));
    TaskDropText::Result result = TaskDropText::read(mime.get());
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(QLatin1Char('\n'))));
    QVERIFY(result.text.contains(QStringLiteral("\"object\":\"list\""))); // one file: as it is
    QCOMPARE(idsOf(result.text), (QStringList{QStringLiteral("video_j1"), QStringLiteral("video_j2")}));

    mime.reset(filesMime({csv}));
    result = TaskDropText::read(mime.get());
    QVERIFY(result.errors.isEmpty());
    QCOMPARE(idsOf(result.text), (QStringList{QStringLiteral("video_c1"), QStringLiteral("video_c2")}));

    mime.reset(filesMime({txt, windows}));
    result = TaskDropText::read(mime.get());
    QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(QLatin1Char('\n'))));
    QCOMPARE(idsOf(result.text),
             (QStringList{QStringLiteral("video_t1"), QStringLiteral("video_t2"), QStringLiteral("video_u1")}));
    QVERIFY(!result.text.contains(QChar(0xFEFF)));

    // All three shapes at once: each read in its own shape.
    mime.reset(filesMime({json, csv, txt}));
    result = TaskDropText::read(mime.get());
    QVERIFY(result.errors.isEmpty());
    QCOMPARE(idsOf(result.text),
             (QStringList{QStringLiteral("video_j1"), QStringLiteral("video_j2"), QStringLiteral("video_c1"),
                          QStringLiteral("video_c2"), QStringLiteral("video_t1"), QStringLiteral("video_t2")}));
}

void TestAddTasksDialog::reportsEachFileThatCannotBeRead()
{
    struct Case
    {
        QString path;
        QString mentions;
    };
    QByteArray huge(TaskDropText::kMaxFileBytes + 1, 'a');
    QDir(m_dir->path()).mkdir(QStringLiteral("folder.txt"));
    const QList<Case> cases{
        {writeFile(QStringLiteral("huge.txt"), huge),
         QStringLiteral("“huge.txt” was not read: it is 4.00 MiB (%1 bytes); files over 4 MiB are not read.")
             .arg(QLocale().toString(TaskDropText::kMaxFileBytes + 1))},
        {writeFile(QStringLiteral("picture.png"), "\x89PNG"),
         QStringLiteral("“picture.png” was not read: only .txt, "
                        ".json and .csv files")},
        {writeFile(QStringLiteral("latin1.txt"), "caf\xE9 video_l1"),
         QStringLiteral("“latin1.txt” was not read: it "
                        "is not UTF-8 text")},
        {writeFile(QStringLiteral("binary.json"), QByteArray("{\"id\":\"x\"}\0\x01", 12)),
         QStringLiteral("“binary.json” was not read: it is a binary file")},
        {writeFile(QStringLiteral("empty.csv"), " \n"), QStringLiteral("“empty.csv” is empty")},
        {m_dir->filePath(QStringLiteral("gone.txt")),
         QStringLiteral("“gone.txt” could not be read: the file does not "
                        "exist")},
        {m_dir->filePath(QStringLiteral("folder.txt")), QStringLiteral("“folder.txt” is a folder")},
    };
    for (const Case& each : cases) {
        std::unique_ptr<QMimeData> mime(filesMime({each.path}));
        const TaskDropText::Result result = TaskDropText::read(mime.get());
        QVERIFY2(result.text.isEmpty(), qPrintable(each.path));
        QCOMPARE(result.errors.size(), 1);
        QVERIFY2(result.errors.first().contains(each.mentions), qPrintable(result.errors.first()));
    }

#ifdef Q_OS_UNIX
    // A pipe would block the window until someone writes to it; it is never opened.
    const QString pipe = m_dir->filePath(QStringLiteral("pipe.txt"));
    QCOMPARE(::mkfifo(QFile::encodeName(pipe).constData(), 0600), 0);
    std::unique_ptr<QMimeData> pipeMime(filesMime({pipe}));
    const TaskDropText::Result pipeResult = TaskDropText::read(pipeMime.get());
    QCOMPARE(pipeResult.errors, QStringList{QStringLiteral("“pipe.txt” was not read: it is not a regular file.")});
#endif

    // A file that cannot be opened says why, in the system's words.
    const QString locked = writeFile(QStringLiteral("locked.txt"), "video_k1");
    QFile::setPermissions(locked, QFileDevice::Permissions());
    QFile probe(locked);
    if (probe.open(QIODevice::ReadOnly)) {
        qInfo("running with permission to read anything (root?): the unreadable-file case is not checked");
    } else {
        std::unique_ptr<QMimeData> mime(filesMime({locked}));
        const TaskDropText::Result result = TaskDropText::read(mime.get());
        QCOMPARE(result.errors.size(), 1);
        QVERIFY2(result.errors.first().startsWith(QStringLiteral("“locked.txt” could not be read: ")),
                 qPrintable(result.errors.first()));
        QVERIFY2(result.errors.first().contains(QStringLiteral("ermission")), qPrintable(result.errors.first()));
    }
}

void TestAddTasksDialog::oneBadFileDoesNotCostTheGoodOnes()
{
    const QString good = writeFile(QStringLiteral("good.txt"), "video_g1\nvideo_g2\n");
    const QString bad = writeFile(QStringLiteral("bad.pdf"), "%PDF-1.7");
    std::unique_ptr<QMimeData> mime(filesMime({bad, good}));
    const TaskDropText::Result result = TaskDropText::read(mime.get());
    QCOMPARE(result.text, QStringLiteral("video_g1\nvideo_g2\n"));
    QCOMPARE(result.errors.size(), 1);
    QVERIFY(result.errors.first().contains(QStringLiteral("bad.pdf")));

    // Several files within the per-file cap can still be too much together; the first ones are kept.
    QByteArray big(TaskDropText::kMaxFileBytes - 16, ' ');
    big.prepend("video_big\n");
    QStringList paths;
    for (int i = 0; i < 6; ++i)
        paths << writeFile(QStringLiteral("big%1.txt").arg(i), big);
    mime.reset(filesMime(paths));
    const TaskDropText::Result together = TaskDropText::read(mime.get());
    QCOMPARE(together.errors.size(), 2);
    QVERIFY2(together.errors.first().contains(QStringLiteral("the files dropped together are larger than 16 MiB")),
             qPrintable(together.errors.first()));
    QVERIFY(together.text.startsWith(QStringLiteral("video_big")));
}

void TestAddTasksDialog::linksArePassedAsTextWithoutUserInfo()
{
    QMimeData mime;
    mime.setUrls({QUrl(QStringLiteral("https://user:hunter2@api.example.com/v1/videos/video_w1/content")),
                  QUrl(QStringLiteral("https://gw.example.com/query?task_id=176843862716480"))});
    mime.setText(QStringLiteral("ignored beside the URLs"));
    const TaskDropText::Result result = TaskDropText::read(&mime);
    QVERIFY(result.errors.isEmpty());
    QVERIFY2(!result.text.contains(QStringLiteral("hunter2")), qPrintable(result.text));
    QVERIFY(!result.text.contains(QStringLiteral("ignored")));
    QCOMPARE(TaskIntake::validIds(TaskIntake::review(result.text, {})),
             (QStringList{QStringLiteral("video_w1"), QStringLiteral("176843862716480")}));
}

void TestAddTasksDialog::filePathsBesideUrlsAreNotTakenForIds()
{
    // File managers put the path beside the URL as text; the path must not become an "ID".
    const QString path = writeFile(QStringLiteral("renders.txt"), "video_r1\n");
    std::unique_ptr<QMimeData> mime(filesMime({path}));
    mime->setText(path);
    const TaskDropText::Result result = TaskDropText::read(mime.get());
    QCOMPARE(TaskIntake::validIds(TaskIntake::review(result.text, {})), QStringList{QStringLiteral("video_r1")});
}

void TestAddTasksDialog::plainTextIsPassedAsItIs()
{
    QMimeData mime;
    mime.setText(QStringLiteral("video_p1, video_p2"));
    const TaskDropText::Result result = TaskDropText::read(&mime);
    QCOMPARE(result.text, QStringLiteral("video_p1, video_p2"));
    QVERIFY(result.errors.isEmpty());

    QMimeData empty;
    QVERIFY(!TaskDropText::canRead(&empty));
    QCOMPARE(TaskDropText::read(&empty).errors.size(), 1);
    QVERIFY(!TaskDropText::canRead(nullptr));
}

void TestAddTasksDialog::combineKeepsListsAndWrapsOtherShapes()
{
    QCOMPARE(TaskDropText::combine({}), QString());
    QCOMPARE(TaskDropText::combine({QStringLiteral("  "), QStringLiteral("video_a")}), QStringLiteral("video_a"));
    // Lists follow each other untouched.
    QCOMPARE(TaskDropText::combine({QStringLiteral("abc1\nabc2"), QStringLiteral("abc3, abc4")}),
             QStringLiteral("abc1\nabc2\nabc3, abc4"));
    // A list and a JSON document would be neither; the IDs are kept exactly, an invalid one too.
    const QString combined = TaskDropText::combine(
        {QStringLiteral("abc1"), QStringLiteral(R"({"data":[{"id":"has space"},{"id":"j1"}]})")});
    const QList<TaskIntake::Item> items = TaskIntake::review(combined, {});
    QCOMPARE(items.size(), 3);
    QCOMPARE(items.at(0).id, QStringLiteral("abc1"));
    QCOMPARE(items.at(1).id, QStringLiteral("has space"));
    QCOMPARE(items.at(1).verdict, TaskIntake::Verdict::Invalid);
    QCOMPARE(items.at(2).id, QStringLiteral("j1"));

    // A table's labels survive being put together with other shapes.
    const QString labelled = TaskDropText::combine(
        {QStringLiteral("task_id,prompt\nvideo_t1,A boat\nvideo_t2,\n"), QStringLiteral("video_t3"),
         QStringLiteral(R"([{"id":"video_t4","label":"Cat"},{"id":"video_t1","label":"Other"}])")});
    QStringList found;
    for (const TaskIntake::Item& item : TaskIntake::review(labelled, {}))
        found << item.id + QLatin1Char('=') + item.label;
    QCOMPARE(found,
             (QStringList{QStringLiteral("video_t1=A boat"), QStringLiteral("video_t2="), QStringLiteral("video_t3="),
                          QStringLiteral("video_t4=Cat")}));
}

void TestAddTasksDialog::clipboardWithAnIdFileOpensTheDialog()
{
    // The window's Ctrl+V rule: read the clipboard like a drop, open only when it looks like IDs.
    const QString ids = writeFile(QStringLiteral("copied.json"), R"(["video_68f1a2b3c4d5e6f70811a001"])");
    std::unique_ptr<QMimeData> mime(filesMime({ids}));
    QVERIFY(TaskIntake::looksLikeTaskIds(TaskDropText::read(mime.get()).text));

    QMimeData sentence;
    sentence.setText(QStringLiteral("Let's review the cut on Friday at 10:30."));
    QVERIFY(!TaskIntake::looksLikeTaskIds(TaskDropText::read(&sentence).text));
}

void TestAddTasksDialog::droppingFilesOnTheTextFieldFillsTheList()
{
    AddTasksDialog dialog(m_profiles, 1, m_isKnown);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* text = dialog.findChild<QPlainTextEdit*>();
    const QString json = writeFile(QStringLiteral("ids.json"), R"(["video_a1", "video_d1", "video_d2"])");
    const QString bad = writeFile(QStringLiteral("notes.docx"), "PK");
    std::unique_ptr<QMimeData> mime(filesMime({json, bad}));

    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(text->viewport(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(text->viewport(), &drop);
    QVERIFY(drop.isAccepted());

    QVERIFY(text->toPlainText().contains(QStringLiteral("video_d2")));
    QVERIFY(!text->toPlainText().contains(QStringLiteral("ids.json"))); // the content, not the path
    QCOMPARE(rows(dialog),
             (QStringList{QStringLiteral("video_a1 | Already tracked"), QStringLiteral("video_d1 | Valid"),
                          QStringLiteral("video_d2 | Valid")}));
    QCOMPARE(dialog.errors().size(), 1);
    QVERIFY(dialog.errors().first().contains(QStringLiteral("notes.docx")));
    bool errorShown = false;
    for (const QLabel* label : dialog.findChildren<QLabel*>())
        errorShown = errorShown || (label->isVisible() && label->text().contains(QStringLiteral("notes.docx")));
    QVERIFY(errorShown);

    // Undo brings back the text from before the drop.
    text->undo();
    QCOMPARE(text->toPlainText(), QString());
}

void TestAddTasksDialog::droppingOnTheDialogAddsToWhatIsTyped()
{
    AddTasksDialog dialog(m_profiles, 1, m_isKnown);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setText(QStringLiteral("video_e1"));
    dialog.addErrors({QStringLiteral("from the window's drop")});

    const QString txt = writeFile(QStringLiteral("more.txt"), "video_e2\nvideo_e3\n");
    std::unique_ptr<QMimeData> mime(filesMime({txt}));
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&dialog, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&dialog, &drop);
    QVERIFY(drop.isAccepted());
    QCOMPARE(dialog.text(), QStringLiteral("video_e1\nvideo_e2\nvideo_e3\n"));
    QCOMPARE(dialog.validIds(),
             (QStringList{QStringLiteral("video_e1"), QStringLiteral("video_e2"), QStringLiteral("video_e3")}));
    QCOMPARE(dialog.errors(), QStringList{QStringLiteral("from the window's drop")});
}

QTEST_MAIN(TestAddTasksDialog)
#include "tst_addtasksdialog.moc"
