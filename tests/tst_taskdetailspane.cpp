// The details pane on real widgets (offscreen) over a real monitor, store and demo server: fields,
// the live status and timeline as a render advances, the thumbnail once it succeeds, failures, the
// raw JSON section and the expiry warning in light and dark palettes.

#include "demo/demoserver.h"
#include "demoplans.h"
#include "monitor/monitor.h"
#include "monitor/profilemanager.h"
#include "monitor/taskservice.h"
#include "secrets/memorysecretstore.h"
#include "store/store.h"
#include "storeprofiles.h"
#include "ui/details/taskdetailspane.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace Reelwatch;

namespace {

const QByteArray kKey = QByteArrayLiteral("sk-details-0123456789abcdefSECRET");

DemoTaskPlan quickPlan(const QString& id, bool fails = false)
{
    return DemoPlans::timed(
        id, QStringLiteral("A paper boat drifting down a rain-soaked street at night, neon reflections"), 200, 1200,
        4500, fails);
}

} // namespace

class TestTaskDetailsPane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void placeholderUntilATaskIsShown();
    void followsARenderToItsThumbnail();
    void failureShowsErrorCodeAndMessage();
    void serverTextIsShownNotObeyed();
    void aNativeProviderShowsItsOwnFields();
    void rawJsonSectionToggles();
    void expiryWarnsWithinTheHour();
    void warningReadsOnLightAndDarkPalettes();
    void narrowPaneScalesTheThumbnail();
    void aTaskNotFoundSaysWhatIsKnown();
    void createdIsTheServersAddedIsOurs();
    void timelineShowsStepsNotTicks();
    void checkedSaysHowOldTheStatusIs();

private:
    // Adds the plans to the demo and every task to the store, the crafted ones with their last answer
    // as a poll would have recorded it, then starts the monitor. Crafted finished tasks are never
    // polled, so the demo need not know them.
    void startMonitor(const QList<DemoTaskPlan>& plans, const QList<VideoTask>& crafted = {});
    template <typename T> T* child(TaskDetailsPane& pane, const char* name)
    {
        T* found = pane.findChild<T*>(QString::fromLatin1(name));
        if (!found)
            qWarning("no %s named %s", T::staticMetaObject.className(), name);
        return found;
    }
    QString text(TaskDetailsPane& pane, const char* name) { return child<QLabel>(pane, name)->text(); }

    DemoServer* m_server = nullptr;
    Store* m_store = nullptr;
    MemorySecretStore* m_secrets = nullptr;
    Monitor* m_monitor = nullptr;
    qint64 m_profileId = 0;
};

void TestTaskDetailsPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    qunsetenv("REELWATCH_API_KEY");
}

void TestTaskDetailsPane::init()
{
    m_server = new DemoServer;
    m_server->setFlavour(DemoFlavour::OpenAI);
    m_server->setRequiredSecret(kKey);
    QVERIFY(m_server->listen());

    m_store = new Store;
    QString error;
    QVERIFY2(m_store->open(QStringLiteral(":memory:"), &error), qPrintable(error));
    QVERIFY(TestProfiles::addIdleProfile(*m_store, &error));
    Profile profile = *m_store->defaultProfile();
    profile.name = QStringLiteral("Demo");
    profile.baseUrl = m_server->baseUrl();
    profile.poll.baseIntervalMs = 1000;
    profile.poll.maxIntervalMs = 1000;
    QVERIFY2(m_store->updateProfile(profile, &error), qPrintable(error));
    m_profileId = profile.id;

    m_secrets = new MemorySecretStore;
    bool written = false;
    m_secrets->write(profile.keychainId, kKey, [&written](const SecretResult& result) { written = result.ok(); });
    QTRY_VERIFY(written);
}

void TestTaskDetailsPane::cleanup()
{
    delete m_monitor;
    m_monitor = nullptr;
    delete m_secrets;
    delete m_store;
    delete m_server;
}

void TestTaskDetailsPane::startMonitor(const QList<DemoTaskPlan>& plans, const QList<VideoTask>& crafted)
{
    QStringList ids;
    for (const DemoTaskPlan& plan : plans) {
        m_server->addTask(plan);
        ids << plan.id;
    }
    QList<TaskUpdate> updates;
    for (const VideoTask& task : crafted) {
        ids << task.id;
        TaskUpdate update;
        update.taskId = task.id;
        update.task = task;
        update.httpStatus = 200;
        update.outcome.known = true;
        update.outcome.statusChanged = true;
        updates << update;
    }
    QString error;
    QVERIFY2(m_store->addTasks(m_profileId, ids, QStringLiteral("Boat"), &error), qPrintable(error));
    QVERIFY2(m_store->recordUpdates(m_profileId, updates, &error), qPrintable(error));
    m_monitor = new Monitor(m_store, m_secrets);
    m_monitor->start();
    QTRY_COMPARE(m_monitor->profiles()->keySource(m_profileId), ProfileManager::KeySource::Keychain);
}

void TestTaskDetailsPane::placeholderUntilATaskIsShown()
{
    startMonitor({quickPlan(QStringLiteral("video_placeholder"))});
    TaskDetailsPane pane(m_monitor);
    pane.show();
    QLabel* placeholder = child<QLabel>(pane, "placeholderLabel");
    QVERIFY(placeholder->isVisible());
    QCOMPARE(placeholder->text(), QStringLiteral("Select a task to see its details"));

    pane.showTask(m_profileId, QStringLiteral("video_placeholder"));
    QVERIFY(!placeholder->isVisible());
    QVERIFY(child<QScrollArea>(pane, "detailsScrollArea")->isVisible());
    QCOMPARE(text(pane, "idValue"), QStringLiteral("video_placeholder"));

    pane.clear();
    QVERIFY(placeholder->isVisible());
    QVERIFY(pane.taskId().isEmpty());

    pane.showTask(m_profileId, QStringLiteral("video_not_stored"));
    QVERIFY(placeholder->isVisible());
    QVERIFY(placeholder->text().contains(QStringLiteral("video_not_stored")));
}

void TestTaskDetailsPane::followsARenderToItsThumbnail()
{
    const DemoTaskPlan plan = quickPlan(QStringLiteral("video_follow"));
    startMonitor({plan});
    TaskDetailsPane pane(m_monitor);
    pane.resize(420, 900);
    pane.show();
    pane.showTask(m_profileId, plan.id);

    QCOMPARE(text(pane, "idValue"), plan.id);
    QCOMPARE(text(pane, "labelValue"), QStringLiteral("Boat"));
    QVERIFY(text(pane, "profileValue").contains(QStringLiteral("Demo")));
    QVERIFY(child<QLabel>(pane, "idValue")->textInteractionFlags() & Qt::TextSelectableByMouse);

    // The first answer fills the fields; the prompt arrives whole in its own box.
    QTRY_VERIFY_WITH_TIMEOUT(text(pane, "modelValue") == QStringLiteral("sora-2"), 10000);
    QCOMPARE(text(pane, "sizeValue"), QStringLiteral("720x1280"));
    QCOMPARE(text(pane, "secondsValue"), QStringLiteral("8 s"));
    QPlainTextEdit* prompt = child<QPlainTextEdit>(pane, "promptText");
    QCOMPARE(prompt->toPlainText(), plan.prompt);
    QVERIFY(prompt->isReadOnly());
    QVERIFY(prompt->textInteractionFlags() & Qt::TextSelectableByMouse);
    QVERIFY(text(pane, "createdValue").contains(QStringLiteral("ago"))
            || text(pane, "createdValue").contains(QStringLiteral("just now")));

    QTreeWidget* timeline = child<QTreeWidget>(pane, "timelineView");
    QTRY_VERIFY_WITH_TIMEOUT(text(pane, "statusValue").startsWith(QStringLiteral("Rendering")), 10000);
    QTRY_VERIFY(timeline->topLevelItemCount() >= 1);
    const int rowsWhileRendering = timeline->topLevelItemCount();
    QLabel* thumbnail = child<QLabel>(pane, "thumbnailLabel");
    QVERIFY(!thumbnail->isVisible()); // nothing to show before success

    // The board's words, with the provider's own beside them where they differ.
    QTRY_VERIFY_WITH_TIMEOUT(text(pane, "statusValue").startsWith(QStringLiteral("Succeeded")), 15000);
    QCOMPARE(text(pane, "statusValue"), QStringLiteral("Succeeded (completed)"));
    QCOMPARE(text(pane, "progressValue"), QStringLiteral("100%"));
    QVERIFY(!text(pane, "completedValue").isEmpty());
    QVERIFY(text(pane, "expiryValue").contains(QStringLiteral("Assets expire")));

    // The timeline is read back from the store: newest last, with the final status and its time.
    QTRY_VERIFY(timeline->topLevelItemCount() > rowsWhileRendering);
    QTRY_COMPARE(timeline->topLevelItem(timeline->topLevelItemCount() - 1)->text(1),
                 QStringLiteral("Succeeded (completed)"));
    QTreeWidgetItem* newest = timeline->topLevelItem(timeline->topLevelItemCount() - 1);
    QVERIFY(newest->text(0).contains(QLatin1Char(':')));
    QCOMPARE(newest->text(2), QStringLiteral("100%"));
    const QList<HistoryEntry> history = m_store->history(m_store->task(m_profileId, plan.id)->rowId);
    QCOMPARE(timeline->topLevelItemCount(), history.size());

    // The thumbnail: a real image decoded from the demo's PNG, in the render's 9:16 shape.
    QVERIFY(thumbnail->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!thumbnail->pixmap().isNull(), 10000);
    const QPixmap pixmap = thumbnail->pixmap();
    QVERIFY2(qAbs(double(pixmap.width()) / pixmap.height() - 720.0 / 1280) < 0.02,
             qPrintable(QStringLiteral("%1x%2").arg(pixmap.width()).arg(pixmap.height())));
    QTRY_VERIFY(thumbnail->height() >= pixmap.deviceIndependentSize().height()); // laid out, not squeezed
    QCOMPARE(m_server->requestCountFor(QStringLiteral("/v1/videos/video_follow/content")), 1);

    // Fetched once: showing the task again uses the cached image.
    pane.clear();
    pane.showTask(m_profileId, plan.id);
    QVERIFY(!thumbnail->pixmap().isNull());
    QTest::qWait(100);
    QCOMPARE(m_server->requestCountFor(QStringLiteral("/v1/videos/video_follow/content")), 1);
}

void TestTaskDetailsPane::failureShowsErrorCodeAndMessage()
{
    DemoTaskPlan plan = quickPlan(QStringLiteral("video_fails"), true);
    plan.finishesAfterMs = 1500;
    plan.failureCode = QStringLiteral("moderation_blocked");
    plan.failureMessage = QStringLiteral("The prompt was blocked by the content policy.");
    startMonitor({plan});
    TaskDetailsPane pane(m_monitor);
    pane.show();
    pane.showTask(m_profileId, plan.id);

    QLabel* error = child<QLabel>(pane, "errorValue");
    QVERIFY(!error->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(text(pane, "statusValue"), QStringLiteral("Failed"), 10000);
    QVERIFY(error->isVisible());
    QCOMPARE(error->text(), QStringLiteral("moderation_blocked: The prompt was blocked by the content policy."));
    QVERIFY(error->property("warning").toBool());
    QVERIFY(!child<QLabel>(pane, "thumbnailLabel")->isVisible());
    QTRY_VERIFY(child<QTreeWidget>(pane, "timelineView")
                    ->findItems(QStringLiteral("moderation_blocked"), Qt::MatchContains, 2)
                    .size()
                == 1);
    QCOMPARE(m_server->requestCountFor(QStringLiteral("/v1/videos/video_fails/content")), 0);
}

void TestTaskDetailsPane::serverTextIsShownNotObeyed()
{
    VideoTask task;
    task.id = QStringLiteral("video_hostile");
    task.status = TaskStatus::Failure;
    task.rawStatus = QStringLiteral("failed\u202E");
    task.model = QStringLiteral("sora\x1b]0;owned\x07");
    task.prompt = QStringLiteral("Line one\r\nInvoice \u202Egnp.exe\x1b[2K\u2066x\u2069");
    task.size = QStringLiteral("720x1280\b\b\b");
    task.resultUrl = QStringLiteral("https://cdn.example/\u202Ev.mp4");
    task.error = TaskError{QStringLiteral("blocked\u009b"), QStringLiteral("Policy\r\x1b[1Aall good")};
    task.rawJson
        = QJsonDocument(QJsonObject{{QStringLiteral("prompt"), task.prompt}, {QStringLiteral("model"), task.model}})
              .toJson(QJsonDocument::Compact);
    startMonitor({}, {task});
    TaskDetailsPane pane(m_monitor);
    pane.show();
    pane.showTask(m_profileId, task.id);
    child<QToolButton>(pane, "rawJsonToggle")->click();

    const auto verifyShowable = [](const QString& where, const QString& text) {
        for (const QChar c : text) {
            const char16_t u = c.unicode();
            QVERIFY2(u == u'\n' || u == u'\t' || !(u < 0x20 || (u >= 0x7f && u <= 0x9f)),
                     qPrintable(where + QStringLiteral(": ") + text));
            QVERIFY2(!(u >= 0x202a && u <= 0x202e) && !(u >= 0x2066 && u <= 0x2069),
                     qPrintable(where + QStringLiteral(": ") + text));
        }
    };
    for (const QLabel* label : pane.findChildren<QLabel*>())
        verifyShowable(label->objectName(), label->text());
    for (const QPlainTextEdit* edit : pane.findChildren<QPlainTextEdit*>())
        verifyShowable(edit->objectName(), edit->toPlainText());
    for (const QTreeWidgetItem* item :
         child<QTreeWidget>(pane, "timelineView")->findItems(QString(), Qt::MatchContains | Qt::MatchRecursive)) {
        for (int column = 0; column < item->columnCount(); ++column)
            verifyShowable(QStringLiteral("timeline"), item->text(column));
    }
    // Shown as escapes, on the lines the server meant.
    QCOMPARE(child<QPlainTextEdit>(pane, "promptText")->toPlainText(),
             QStringLiteral("Line one\nInvoice \\u202egnp.exe\\u001b[2K\\u2066x\\u2069"));
    QCOMPARE(text(pane, "modelValue"), QStringLiteral("sora\\u001b]0;owned\\u0007"));
    // The raw JSON shown is still the server's JSON: its escapes read back to the very same text.
    const QJsonDocument shown
        = QJsonDocument::fromJson(child<QPlainTextEdit>(pane, "rawJsonText")->toPlainText().toUtf8());
    QCOMPARE(shown[QStringLiteral("prompt")].toString(), task.prompt);
}

void TestTaskDetailsPane::aNativeProviderShowsItsOwnFields()
{
    // The profile speaks Runway, against the demo server's simulation of it.
    Profile profile = *m_store->profile(m_profileId);
    profile.providerId = QStringLiteral("runway");
    profile.baseUrl = m_server->nativeBaseUrl(QStringLiteral("runway"));
    QString error;
    QVERIFY2(m_store->updateProfile(profile, &error), qPrintable(error));
    DemoTaskPlan rendering = quickPlan(QStringLiteral("rw-rendering"));
    rendering.startsAfterMs = 0;
    rendering.finishesAfterMs = 10 * 60 * 1000;
    DemoTaskPlan refused = quickPlan(QStringLiteral("rw-refused"), true);
    refused.finishesAfterMs = 0;
    refused.failureMessage = QStringLiteral("Content moderation rejected the input.");
    startMonitor({rendering, refused});
    TaskDetailsPane pane(m_monitor);
    pane.show();

    pane.showTask(m_profileId, refused.id);
    QTRY_VERIFY_WITH_TIMEOUT(text(pane, "statusValue").startsWith(QStringLiteral("Failed")), 10000);
    QVERIFY2(text(pane, "profileValue").contains(QStringLiteral("Runway")), qPrintable(text(pane, "profileValue")));
    QCOMPARE(text(pane, "errorValue"), QStringLiteral("SAFETY.INPUT.TEXT: Content moderation rejected the input."));
    QLabel* fields = child<QLabel>(pane, "providerFieldsValue");
    QVERIFY(fields->isVisible());
    QVERIFY2(fields->text().contains(QStringLiteral("failureCode: SAFETY.INPUT.TEXT")), qPrintable(fields->text()));

    // Runway reports progress while running: a number, never "not reported".
    pane.showTask(m_profileId, rendering.id);
    QTRY_VERIFY_WITH_TIMEOUT(text(pane, "statusValue").startsWith(QStringLiteral("Rendering")), 10000);
    QVERIFY2(text(pane, "progressValue").endsWith(QLatin1Char('%')), qPrintable(text(pane, "progressValue")));
}

void TestTaskDetailsPane::rawJsonSectionToggles()
{
    const DemoTaskPlan plan = quickPlan(QStringLiteral("video_json"));
    startMonitor({plan});
    TaskDetailsPane pane(m_monitor);
    pane.show();
    pane.showTask(m_profileId, plan.id);
    QTRY_VERIFY_WITH_TIMEOUT(!text(pane, "statusValue").startsWith(QStringLiteral("Waiting")), 10000);

    QToolButton* toggle = child<QToolButton>(pane, "rawJsonToggle");
    QPlainTextEdit* raw = child<QPlainTextEdit>(pane, "rawJsonText");
    QVERIFY(toggle->isCheckable());
    QVERIFY(!raw->isVisible());
    toggle->click();
    QVERIFY(raw->isVisible());
    QVERIFY(raw->isReadOnly());
    QCOMPARE(raw->font().family(), QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
    const QString json = raw->toPlainText();
    QVERIFY2(json.contains(QStringLiteral("\"id\": \"video_json\"")), qPrintable(json)); // pretty-printed
    QVERIFY(json.contains(QLatin1Char('\n')));
    const QJsonObject parsed = QJsonDocument::fromJson(json.toUtf8()).object();
    QCOMPARE(parsed.value(QStringLiteral("object")).toString(), QStringLiteral("video"));
    QCOMPARE(parsed.value(QStringLiteral("prompt")).toString(), plan.prompt);

    // It follows the answers while open.
    QTRY_VERIFY_WITH_TIMEOUT(raw->toPlainText().contains(QStringLiteral("\"status\": \"completed\"")), 15000);
    toggle->click();
    QVERIFY(!raw->isVisible());
}

void TestTaskDetailsPane::expiryWarnsWithinTheHour()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const auto crafted = [now](const QString& id, qint64 expiresIn) {
        VideoTask task;
        task.id = id;
        task.object = QStringLiteral("video");
        task.model = QStringLiteral("sora-2");
        task.status = TaskStatus::Success;
        task.rawStatus = QStringLiteral("completed");
        task.progress = 100;
        task.createdAt = now - 600;
        task.completedAt = now - 300;
        task.expiresAt = now + expiresIn;
        task.rawJson = QJsonDocument(QJsonObject{{QStringLiteral("id"), id},
                                                 {QStringLiteral("status"), QStringLiteral("completed")},
                                                 {QStringLiteral("expires_at"), now + expiresIn}})
                           .toJson(QJsonDocument::Compact);
        return task;
    };
    startMonitor({},
                 {crafted(QStringLiteral("video_soon"), 45 * 60), crafted(QStringLiteral("video_later"), 3 * 3600),
                  crafted(QStringLiteral("video_gone"), -120)});

    TaskDetailsPane pane(m_monitor);
    pane.show();
    QLabel* expiry = child<QLabel>(pane, "expiryValue");

    pane.showTask(m_profileId, QStringLiteral("video_soon"));
    QVERIFY2(expiry->text().startsWith(QStringLiteral("Assets expire at ")), qPrintable(expiry->text()));
    QVERIFY2(expiry->text().endsWith(QStringLiteral("(in 45 min)")), qPrintable(expiry->text()));
    QVERIFY(expiry->property("warning").toBool());
    QVERIFY(expiry->font().bold());
    QCOMPARE(text(pane, "completedValue").right(11), QStringLiteral("(5 min ago)"));
    // Unknown to the server: the thumbnail says why it is missing instead of waiting forever.
    QTRY_VERIFY(text(pane, "thumbnailLabel").startsWith(QStringLiteral("No thumbnail: ")));
    QVERIFY2(text(pane, "thumbnailLabel").contains(QStringLiteral("404")), qPrintable(text(pane, "thumbnailLabel")));

    pane.showTask(m_profileId, QStringLiteral("video_later"));
    QVERIFY2(expiry->text().endsWith(QStringLiteral("(in 3 h)")), qPrintable(expiry->text()));
    QVERIFY(!expiry->property("warning").toBool());
    QVERIFY(!expiry->font().bold());

    pane.showTask(m_profileId, QStringLiteral("video_gone"));
    QVERIFY2(expiry->text().startsWith(QStringLiteral("Assets expired")), qPrintable(expiry->text()));
    QVERIFY(expiry->property("warning").toBool());
}

void TestTaskDetailsPane::warningReadsOnLightAndDarkPalettes()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    VideoTask task;
    task.id = QStringLiteral("video_palette");
    task.status = TaskStatus::Failure;
    task.rawStatus = QStringLiteral("failed");
    task.error = TaskError{QStringLiteral("internal_error"), QStringLiteral("The render failed.")};
    task.expiresAt = now + 600;
    startMonitor({}, {task});

    TaskDetailsPane pane(m_monitor);
    pane.show();
    pane.showTask(m_profileId, task.id);
    for (const bool dark : {false, true}) {
        QPalette palette;
        palette.setColor(QPalette::Window, dark ? QColor(0x20, 0x22, 0x25) : QColor(0xf4, 0xf4, 0xf4));
        palette.setColor(QPalette::WindowText, dark ? QColor(0xee, 0xee, 0xee) : QColor(0x11, 0x11, 0x11));
        palette.setColor(QPalette::Base, dark ? QColor(0x18, 0x18, 0x18) : QColor(0xff, 0xff, 0xff));
        palette.setColor(QPalette::Text, dark ? QColor(0xee, 0xee, 0xee) : QColor(0x11, 0x11, 0x11));
        pane.setPalette(palette);
        const QColor background = palette.color(QPalette::Window);
        for (const char* name : {"expiryValue", "errorValue"}) {
            QLabel* label = child<QLabel>(pane, name);
            QVERIFY(label->property("warning").toBool());
            const QColor colour = label->palette().color(QPalette::WindowText);
            // Coloured (not the plain text colour) and far from the background in lightness.
            QVERIFY2(colour != palette.color(QPalette::WindowText), name);
            QVERIFY2(
                qAbs(colour.lightness() - background.lightness()) > 90,
                qPrintable(QStringLiteral("%1 %2 on %3").arg(QLatin1String(name), colour.name(), background.name())));
        }
        // Ordinary values keep the palette's own text colour.
        QCOMPARE(child<QLabel>(pane, "idValue")->palette().color(QPalette::WindowText),
                 palette.color(QPalette::WindowText));
    }
}

void TestTaskDetailsPane::narrowPaneScalesTheThumbnail()
{
    DemoTaskPlan plan = quickPlan(QStringLiteral("video_narrow"));
    plan.size = QStringLiteral("1280x720");
    plan.queuedAfterMs = plan.startsAfterMs = plan.finishesAfterMs = 0;
    startMonitor({plan});
    TaskDetailsPane pane(m_monitor);
    pane.resize(600, 700);
    pane.show();
    pane.showTask(m_profileId, plan.id);
    QLabel* thumbnail = child<QLabel>(pane, "thumbnailLabel");
    QTRY_VERIFY_WITH_TIMEOUT(!thumbnail->pixmap().isNull(), 10000);
    const int wide = thumbnail->pixmap().width();

    pane.resize(180, 700);
    QTRY_VERIFY(thumbnail->pixmap().width() < wide);
    QScrollArea* scroll = child<QScrollArea>(pane, "detailsScrollArea");
    QVERIFY(thumbnail->pixmap().width() <= scroll->viewport()->width());
    const QPixmap pixmap = thumbnail->pixmap();
    QVERIFY(qAbs(double(pixmap.width()) / pixmap.height() - 1280.0 / 720) < 0.05);
}

void TestTaskDetailsPane::aTaskNotFoundSaysWhatIsKnown()
{
    // One the server lost after it was queued, and one it never knew.
    DemoTaskPlan lost = DemoPlans::queued(QStringLiteral("video_lost_0001"), QStringLiteral("A lost boat"));
    QString error;
    QVERIFY(m_store->addTasks(m_profileId, {QStringLiteral("video_never_known")}, QString(), &error));
    startMonitor({lost});
    TaskDetailsPane pane(m_monitor);
    pane.resize(420, 900);
    pane.show();

    pane.showTask(m_profileId, lost.id);
    QTRY_COMPARE_WITH_TIMEOUT(text(pane, "statusValue"), QStringLiteral("Queued"), 10000);
    m_server->scriptFaults(lost.id, QList<DemoFault>(20, DemoFault::NotFound));
    m_monitor->tasks()->refresh({{m_profileId, lost.id}});
    QTRY_VERIFY_WITH_TIMEOUT(m_store->task(m_profileId, lost.id)->gaveUp, 15000);
    pane.showTask(m_profileId, lost.id);
    QStringList status = text(pane, "statusValue").split(QLatin1Char('\n'));
    QVERIFY2(status.value(0).startsWith(QStringLiteral("Not found since ")), qPrintable(status.join(QLatin1Char('|'))));
    QCOMPARE(status.value(1), QStringLiteral("Last known status: Queued"));
    QVERIFY2(text(pane, "fetchProblemValue").contains(QStringLiteral("HTTP 404")),
             qPrintable(text(pane, "fetchProblemValue")));
    // The timeline names it with the same words, and says why.
    QTreeWidget* timeline = child<QTreeWidget>(pane, "timelineView");
    QTRY_VERIFY(!timeline->findItems(QStringLiteral("Not found"), Qt::MatchExactly, 1).isEmpty());
    QVERIFY(timeline->findItems(QStringLiteral("Not found"), Qt::MatchExactly, 1)
                .first()
                ->text(2)
                .contains(QStringLiteral("HTTP 404")));

    pane.showTask(m_profileId, QStringLiteral("video_never_known"));
    QTRY_VERIFY_WITH_TIMEOUT(m_store->task(m_profileId, QStringLiteral("video_never_known"))->gaveUp, 15000);
    pane.showTask(m_profileId, QStringLiteral("video_never_known"));
    status = text(pane, "statusValue").split(QLatin1Char('\n'));
    QVERIFY2(status.value(0).startsWith(QStringLiteral("Not found since ")), qPrintable(status.join(QLatin1Char('|'))));
    QCOMPARE(status.value(1), QStringLiteral("The server has not reported a status for this task."));
    QVERIFY(!text(pane, "statusValue").contains(QStringLiteral("No answer from the server yet")));
}

void TestTaskDetailsPane::createdIsTheServersAddedIsOurs()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    VideoTask old;
    old.id = QStringLiteral("video_created_days_ago");
    old.status = TaskStatus::Success;
    old.rawStatus = QStringLiteral("completed");
    old.createdAt = now - 3 * 86400;
    old.completedAt = now - 3 * 86400 + 90;
    QString error;
    QVERIFY(m_store->addTasks(m_profileId, {QStringLiteral("video_unanswered")}, QString(), &error));
    startMonitor({}, {old});
    TaskDetailsPane pane(m_monitor);
    pane.show();

    pane.showTask(m_profileId, old.id);
    QVERIFY2(text(pane, "createdValue").contains(QStringLiteral("3 days ago")), qPrintable(text(pane, "createdValue")));
    QLabel* added = child<QLabel>(pane, "addedValue");
    QVERIFY(added && added->isVisible());
    QVERIFY2(added->text().contains(QStringLiteral("just now")), qPrintable(added->text()));

    // Never answered: no creation time, whatever Reelwatch knows of its own.
    pane.showTask(m_profileId, QStringLiteral("video_unanswered"));
    QCOMPARE(text(pane, "createdValue"), QStringLiteral("—"));
    QVERIFY(added->text().contains(QStringLiteral("just now")));
}

void TestTaskDetailsPane::checkedSaysHowOldTheStatusIs()
{
    // One task the server no longer knows, last confirmed an hour ago; one it is rendering now.
    VideoTask gone;
    gone.id = QStringLiteral("video_confirmed_long_ago");
    gone.status = TaskStatus::Queued;
    gone.rawStatus = QStringLiteral("queued");
    const DemoTaskPlan live = DemoPlans::paced(QStringLiteral("video_confirmed_live"), DemoPlans::kForeverMs);
    QString error;
    QVERIFY(m_store->addTasks(m_profileId, {gone.id}, QString(), &error));
    startMonitor({live}, {gone});
    QVERIFY(m_store->recordChecked(m_profileId, {{gone.id, QDateTime::currentMSecsSinceEpoch() - 3600'000}}, &error));
    TaskDetailsPane pane(m_monitor);
    pane.show();

    pane.showTask(m_profileId, gone.id);
    QLabel* checked = child<QLabel>(pane, "checkedValue");
    QVERIFY(checked && checked->isVisible());
    QCOMPARE(checked->text(), QStringLiteral("1 h ago (the status may be out of date)"));
    // Emphasised as a warning, as the board fades the badge.
    QVERIFY(checked->property("warning").toBool());

    // Each answer confirms the state: the line follows at once.
    pane.showTask(m_profileId, live.id);
    const auto recent = [checked] {
        return checked->text() == QStringLiteral("just now") || checked->text().endsWith(QStringLiteral(" s ago"));
    };
    QTRY_VERIFY_WITH_TIMEOUT(recent(), 10000);
    QVERIFY(!checked->property("warning").toBool());
}

void TestTaskDetailsPane::timelineShowsStepsNotTicks()
{
    // A database written by an earlier Reelwatch holds a row per progress tick: the timeline shows the
    // status changes and steps of ten points.
    VideoTask done;
    done.id = QStringLiteral("video_ticked");
    done.status = TaskStatus::Success;
    done.rawStatus = QStringLiteral("completed");
    done.progress = 100;
    startMonitor({}, {done});
    const qint64 row = m_store->task(m_profileId, done.id)->rowId;
    QSqlQuery clear(m_store->database());
    QVERIFY(clear.exec(QStringLiteral("DELETE FROM status_history WHERE task_row = %1").arg(row)));
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - 200'000;
    QSqlQuery insert(m_store->database());
    insert.prepare(QStringLiteral(
        "INSERT INTO status_history (task_row, at, status, raw_status, progress) VALUES (?, ?, ?, ?, ?)"));
    const auto add = [&](qint64 at, const char* status, const char* raw, const QVariant& progress) {
        insert.addBindValue(row);
        insert.addBindValue(at);
        insert.addBindValue(QString::fromLatin1(status));
        insert.addBindValue(QString::fromLatin1(raw));
        insert.addBindValue(progress);
        return insert.exec();
    };
    QVERIFY(add(start, "QUEUED", "queued", QVariant(QMetaType(QMetaType::Int))));
    for (int progress = 1; progress <= 99; ++progress)
        QVERIFY(add(start + progress * 1000, "IN_PROGRESS", "in_progress", progress));
    QVERIFY(add(start + 100'000, "SUCCESS", "completed", 100));

    TaskDetailsPane pane(m_monitor);
    pane.show();
    pane.showTask(m_profileId, done.id);
    QTreeWidget* timeline = child<QTreeWidget>(pane, "timelineView");
    QStringList rows;
    for (int i = 0; i < timeline->topLevelItemCount(); ++i)
        rows << timeline->topLevelItem(i)->text(1) + QLatin1Char(' ') + timeline->topLevelItem(i)->text(2);
    QCOMPARE(rows,
             (QStringList{"Queued ", "Rendering 1%", "Rendering 11%", "Rendering 21%", "Rendering 31%", "Rendering 41%",
                          "Rendering 51%", "Rendering 61%", "Rendering 71%", "Rendering 81%", "Rendering 91%",
                          "Succeeded (completed) 100%"}));
}

QTEST_MAIN(TestTaskDetailsPane)
#include "tst_taskdetailspane.moc"
