// Server text made safe to show in a terminal or a label: every control character and bidi override
// visible as an escape, every other character as it was.

#include "core/displaytext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Reelwatch;

class TestDisplayText : public QObject
{
    Q_OBJECT

private slots:
    void line_data();
    void line();
    void blockKeepsLinesAndTabs();
    void ordinaryTextIsUntouched_data();
    void ordinaryTextIsUntouched();
    void jsonKeepsItsValuesAndLosesItsHazards();
};

void TestDisplayText::line_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("shown");
    QTest::newRow("ANSI colour") << QStringLiteral("\x1b[31mred\x1b[0m") << QStringLiteral("\\u001b[31mred\\u001b[0m");
    QTest::newRow("OSC window title") << QStringLiteral("a\x1b]0;pwned\x07z")
                                      << QStringLiteral("a\\u001b]0;pwned\\u0007z");
    QTest::newRow("OSC with ST") << QStringLiteral("\x1b]8;;http://evil\x1b\\link")
                                 << QStringLiteral("\\u001b]8;;http://evil\\u001b\\link");
    QTest::newRow("backspaces") << QStringLiteral("SUCCESS\b\b\b\b\b\b\bFAILED")
                                << QStringLiteral("SUCCESS\\u0008\\u0008\\u0008\\u0008\\u0008\\u0008\\u0008FAILED");
    QTest::newRow("carriage return") << QStringLiteral("failed\rsucceeded") << QStringLiteral("failed succeeded");
    QTest::newRow("line breaks") << QStringLiteral("one\ntwo\r\nthree\u2028four\u0085five")
                                 << QStringLiteral("one two three four five");
    QTest::newRow("tab, vertical tab, form feed") << QStringLiteral("a\tb\vc\fd") << QStringLiteral("a b c d");
    QTest::newRow("NUL and DEL") << QString::fromUtf16(u"a\u0000b\u007fc", 5) << QStringLiteral("a\\u0000b\\u007fc");
    QTest::newRow("C1 CSI") << QStringLiteral("a\u009b31mb") << QStringLiteral("a\\u009b31mb");
    QTest::newRow("bidi override") << QStringLiteral("invoice_\u202Egnp.exe")
                                   << QStringLiteral("invoice_\\u202egnp.exe");
    QTest::newRow("bidi isolates") << QStringLiteral("\u2066a\u2067b\u2068c\u2069")
                                   << QStringLiteral("\\u2066a\\u2067b\\u2068c\\u2069");
    QTest::newRow("embeddings") << QStringLiteral("\u202Ax\u202By\u202C") << QStringLiteral("\\u202ax\\u202by\\u202c");
    QTest::newRow("lone surrogate") << QString(QChar(0xd800)) + QStringLiteral("x") << QStringLiteral("\\ud800x");
}

void TestDisplayText::line()
{
    QFETCH(QString, text);
    QFETCH(QString, shown);
    const QString line = DisplayText::line(text);
    QCOMPARE(line, shown);
    for (const QChar c : line) {
        QVERIFY2(c.unicode() >= 0x20 && !(c.unicode() >= 0x7f && c.unicode() <= 0x9f), qPrintable(line));
        QVERIFY(!(c.unicode() >= 0x202a && c.unicode() <= 0x202e));
    }
}

void TestDisplayText::blockKeepsLinesAndTabs()
{
    QCOMPARE(DisplayText::block(QStringLiteral("one\r\ntwo\n\tthree\u2029four")),
             QStringLiteral("one\ntwo\n\tthree\nfour"));
    // A lone carriage return would send the cursor back over the line: it is shown, not obeyed.
    QCOMPARE(DisplayText::block(QStringLiteral("done\rfail\x1b[2K")), QStringLiteral("done\\u000dfail\\u001b[2K"));
    QCOMPARE(DisplayText::block(QStringLiteral("a\vb")), QStringLiteral("a\\u000bb"));
    // In JSON text the escapes are the same JSON: a pretty-printed answer stays valid.
    QCOMPARE(DisplayText::block(QStringLiteral("{\n    \"p\": \"x\u202Ey\"\n}")),
             QStringLiteral("{\n    \"p\": \"x\\u202ey\"\n}"));
}

void TestDisplayText::ordinaryTextIsUntouched_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("ascii") << QStringLiteral("A paper boat, 720x1280 · 8 s; https://cdn.example/v.mp4?a=1&b=2");
    QTest::newRow("backslashes") << QStringLiteral("C:\\renders\\boat \\u001b");
    QTest::newRow("arabic with marks") << QStringLiteral("قارب ورقي \u200F(8 s)\u200E");
    QTest::newRow("hebrew") << QStringLiteral("סירת נייר");
    QTest::newRow("cjk") << QStringLiteral("雨の東京を流れる紙の船");
    QTest::newRow("emoji") << QStringLiteral("boat \U0001F6A2 \U0001F468\u200D\U0001F469\u200D\U0001F467");
    QTest::newRow("empty") << QString();
}

void TestDisplayText::ordinaryTextIsUntouched()
{
    QFETCH(QString, text);
    QCOMPARE(DisplayText::line(text), text);
    QCOMPARE(DisplayText::block(text), text);
}

void TestDisplayText::jsonKeepsItsValuesAndLosesItsHazards()
{
    const QString hostile = QStringLiteral("A boat\r\x1b[2K \u009b31m \u202Egnp.exe\u2028next \x7f end");
    const QString ordinary = QStringLiteral("雨の東京 \U0001F6A2 قارب \u200F");
    const QJsonObject object{{QStringLiteral("prompt"), hostile},
                             {QStringLiteral("nested"), QJsonObject{{QStringLiteral("message"), hostile}}},
                             {QStringLiteral("plain"), ordinary}};
    for (const auto format : {QJsonDocument::Compact, QJsonDocument::Indented}) {
        const QByteArray raw = QJsonDocument(object).toJson(format);
        const QByteArray safe = DisplayText::json(raw);
        for (const QByteArray& acting :
             {QByteArray("\x1b"), QByteArray("\r"), QByteArray("\x7f"), QByteArray("\xc2\x9b"),
              QByteArray("\xe2\x80\xae"), QByteArray("\xe2\x80\xa8")})
            QVERIFY(!safe.contains(acting));
        QVERIFY(safe.contains(ordinary.toUtf8())); // every script, emoji and mark as it was
        QJsonParseError error;
        const QJsonDocument back = QJsonDocument::fromJson(safe, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(back.object(), object);
        // Indented JSON keeps its own line breaks.
        QCOMPARE(safe.count('\n'), raw.count('\n'));
    }
    const QByteArray ascii = R"({"id":"video_1","status":"SUCCESS"})";
    QCOMPARE(DisplayText::json(ascii), ascii);
}

QTEST_APPLESS_MAIN(TestDisplayText)
#include "tst_displaytext.moc"
