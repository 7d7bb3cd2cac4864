"""Texts for the demo content of the campaign pages, written for this site.

English and Traditional Chinese (Hong Kong); the Simplified Chinese versions are
produced with OpenCC when loaded.
"""

SITE_TEXTS = {
    "actions_intro": (
        "You can support Stop Repression in Hong Kong wherever you are, in Hong Kong or abroad. "
        "Here are some of the ways.",
        "無論身在香港還是海外，你都可以支持「停止鎮壓香港」運動。以下是一些方法。",
    ),
    "actions_closing": ("With your support, we can win!", "有你的支持，我們就能勝利！"),
    "signed_intro": (
        "Trade unionists, elected representatives, writers and democracy campaigners have signed. "
        "Will you add your name?",
        "工會人士、民選代表、作家和民主運動人士都已聯署。你也來加上你的名字吧？",
    ),
    "qa_intro": (
        "For twenty years Hong Kong's democracy movement has brought millions onto the streets. "
        "Now it is under attack: elections are rigged, activists are jailed and new laws demand "
        "obedience to the Chinese dictatorship. These answers explain what is happening and why.",
        "二十年來，香港的民主運動多次令數以百萬計的市民走上街頭。如今運動正受到攻擊："
        "選舉被操控、社運人士被監禁、新法例要求人們服從中國獨裁政權。以下問答解釋發生了甚麼事，以及背後的原因。",
    ),
    "materials_intro": (
        "Placards for protests, leaflets to hand out and statements to present to your union or "
        "student association: download them, print them and spread the campaign.",
        "抗議用的標語牌、派發用的傳單、可提交工會或學生會的聲明：下載、列印，把運動傳開去。",
    ),
    "contact_intro": (
        "Want a speaker for your meeting (we can join by video call), help to start a local group, "
        "or to add your organisation to the petition? Write to us and tell us briefly where you are "
        "active and what you need.",
        "想邀請講者出席你的會議（可透過視像會議）、想成立地區小組，或者想讓你的組織加入聯署？"
        "請寫信給我們，簡單說明你在哪裏參與活動及需要甚麼協助。",
    ),
}

# (title, text, link, link_url)
ACTIONS = [
    (
        ("Sign the petition", "簽署聯署"),
        (
            "Add your name, then ask your friends, family and workmates to sign too. "
            "Every signature shows the authorities that the world is watching.",
            "加上你的名字，再請朋友、家人和同事一起聯署。每一個簽名都告訴當權者：全世界都在看著。",
        ),
        "petition",
    ),
    (
        ("Share the campaign online", "在網上分享運動"),
        (
            "Like and share our website and Facebook page, and invite your friends to follow them. "
            "The more people hear about the repression, the harder it is to hide.",
            "讚好並分享我們的網站和 Facebook 專頁，邀請朋友追蹤。知道鎮壓真相的人越多，當權者就越難掩飾。",
        ),
        "",
    ),
    (
        ("Win support in your union or organisation", "爭取你的工會或組織支持"),
        (
            "Propose a motion supporting the campaign in your trade union, party or association, "
            "and ask it to sign the petition as an organisation. Our model motion, leaflets and "
            "statement give you the arguments; unions can also donate to the campaign fund.",
            "在你的工會、政黨或團體提出支持本運動的動議，並請組織以團體名義聯署。"
            "我們的動議範本、傳單和聲明可以提供論據；工會亦可捐款支持運動基金。",
        ),
        "materials",
    ),
    (
        ("Invite a speaker", "邀請講者"),
        (
            "We can send a speaker, in person or by video call, to explain the situation in Hong Kong "
            "and China to your meeting and answer questions. Write about the campaign in your union "
            "or student paper, magazine or website.",
            "我們可以派講者親身或透過視像出席你的會議，講解香港和中國的情況並解答問題。"
            "你亦可以在工會或學生刊物、雜誌或網站撰文介紹本運動。",
        ),
        "contact",
    ),
    (
        ("Organise on campus", "在校園組織起來"),
        (
            "Ask your student union to back the campaign and hold a meeting about the repression. "
            "Hand out our leaflets in Traditional and Simplified Chinese: many students from Hong Kong "
            "and mainland China study abroad, and many welcome a chance to talk about it.",
            "請你的學生會支持本運動，並舉辦關於鎮壓的講座。派發我們的繁體及簡體中文傳單："
            "很多來自香港和中國大陸的學生在海外讀書，不少人都樂意有機會討論這些問題。",
        ),
        "materials",
    ),
    (
        ("Ask your elected representatives to act", "要求你的民選代表表態"),
        (
            "Write to members of parliament and local councillors. Ask them to support the campaign "
            "publicly and to sign the petition.",
            "寫信給國會議員和地方議員，要求他們公開支持本運動並簽署聯署。",
        ),
        "",
    ),
    (
        ("Start a local campaign group", "成立地區小組"),
        (
            "Bring a few people together to spread the campaign's material, hold meetings and plan "
            "activities where you live. Contact us and we will help you get started.",
            "召集幾個人，在你居住的地方派發運動的資料、舉行聚會和籌劃活動。聯絡我們，我們會協助你起步。",
        ),
        "contact",
    ),
    (
        ("Protest", "參與抗議"),
        (
            "Organise or join protests that put pressure on the Chinese and Hong Kong authorities and "
            "draw attention to the attacks on democratic rights. Some are coordinated through this "
            "website and our Facebook page: the more countries take part, the stronger they are.",
            "組織或參與抗議行動，向中國及香港當局施壓，令更多人關注民主權利受到的打壓。"
            "部分行動透過本網站和 Facebook 專頁協調：參與的國家越多，力量就越大。",
        ),
        "",
    ),
    (
        ("Tell the world, and tell us", "讓世界知道，也讓我們知道"),
        (
            "Post photos of your meetings, protests and leafleting, contact local and overseas Chinese "
            "media when you organise something, and send us your reports so we can share them.",
            "在社交媒體張貼你們的聚會、抗議和派傳單的照片；舉辦活動時聯絡本地及海外華文媒體；"
            "並把報道寄給我們，讓我們一起分享。",
        ),
        "contact",
    ),
]

ATTRIBUTION = (
    "<p>These questions and answers draw on material published by the campaign's supporters in "
    "Hong Kong and are reproduced with their kind permission.</p>",
    "<p>本問答參考了運動在香港的支持者所發表的資料，並承蒙他們允許轉載。</p>",
)

# (slug, question, answer HTML, figure?) in English and Traditional Chinese.
QUESTIONS = [
    (
        "is-hong-kong-a-democracy",
        ("Is Hong Kong a democracy?", "香港是民主社會嗎？"),
        (
            "<p>No. Hong Kong people have never elected their government. The Chief Executive is "
            "chosen every five years by an Election Committee of about 1,200 members, most of them "
            "tycoons, business representatives and loyalists Beijing can count on. Only a candidate "
            "the Chinese government accepts can win: Carrie Lam took office in 2017 with 777 "
            "committee votes, in a city of more than seven million people.</p>"
            "<p>International comparisons say the same. The Economist Intelligence Unit's Democracy "
            "Index places Hong Kong around 70th in the world, level with countries such as Paraguay "
            "and Namibia.</p>",
            "<p>不是。香港人從來沒有選過自己的政府。行政長官每五年由約一千二百人的選舉委員會選出，"
            "委員大多是富豪、商界代表和北京信得過的建制人士。只有中國政府接受的人才能當選："
            "林鄭月娥在二〇一七年憑七百七十七張委員會選票上任，而香港人口超過七百萬。</p>"
            "<p>國際比較也得出同樣結論：經濟學人智庫的「民主指數」把香港排在全球第七十位左右，"
            "與巴拉圭、納米比亞等國相若。</p>",
        ),
        False,
    ),
    (
        "why-ban-candidates-and-disqualify-legislators",
        (
            "Why does the government ban candidates and disqualify elected legislators?",
            "政府為何禁止候選人參選、褫奪民選議員的議席？",
        ),
        (
            "<p>To crush the democracy movement and its demand for genuine universal suffrage. The "
            "Hong Kong government takes its orders from Beijing, which fears that the struggle for "
            "democracy could spread into mainland China and threaten its hold on power.</p>"
            "<p>Six opposition legislators lost their seats in the Legislative Council (Legco) after "
            "their oaths of office were declared &ldquo;invalid&rdquo; under rules invented for the "
            "purpose: the &ldquo;DQ&rdquo; (disqualification) cases. More than a dozen people have "
            "been barred from standing for election, including candidates of the student-led party "
            "Demosisto, and others are kept out because the courts jailed them at the government's "
            "request. On paper, the Basic Law gives every permanent resident the right to stand for "
            "election. In practice that right now depends on political loyalty.</p>",
            "<p>為了扼殺民主運動和真普選的訴求。香港政府聽命於北京，而北京害怕民主抗爭會蔓延到中國大陸，"
            "動搖其統治。</p>"
            "<p>六名反對派議員被指宣誓「無效」，根據專門為此發明的規則被褫奪立法會議席，即所謂「DQ」"
            "（取消資格）事件。十多人被禁止參選，包括學生主導的香港眾志的候選人；另一些人則因為政府要求法庭"
            "判他們入獄而無法參選。《基本法》在紙面上保障永久性居民的參選權，但現實中，這項權利已取決於政治忠誠。</p>",
        ),
        False,
    ),
    (
        "is-the-government-acting-within-the-law",
        ("Is the government acting within the law?", "政府是否依法辦事？"),
        (
            "<p>It uses the language of the &ldquo;rule of law&rdquo; to cover a political campaign "
            "for tighter control. In August 2017 the Department of Justice asked the courts to "
            "review the sentences of young protesters convicted of &ldquo;unlawful assembly&rdquo;, "
            "who had been given community service. They were sent to prison for six to thirteen "
            "months; the Court of Final Appeal later overturned some of these sentences.</p>"
            "<p>The &ldquo;invalid oath&rdquo; rule that removed six legislators was not passed by "
            "any Hong Kong body. It came from an &ldquo;interpretation&rdquo; of the Basic Law by "
            "China's National People's Congress (NPC). Because the unelected NPC can issue binding "
            "interpretations whenever it chooses, it stands above Hong Kong's courts.</p>",
            "<p>政府借「法治」之名，掩飾加強操控的政治目的。二〇一七年八月，律政司要求法庭覆核一批年輕抗爭者的刑罰："
            "他們被裁定「非法集結」罪成，原本只被判社會服務令，覆核後卻被改判監禁六至十三個月。"
            "終審法院其後推翻了部分判決。</p>"
            "<p>令六名議員失去議席的「宣誓無效」規則，並非由任何香港機構通過，而是來自中國全國人民代表大會"
            "（人大）對《基本法》的「釋法」。由於未經選舉產生的人大可以隨時作出具約束力的解釋，它凌駕於香港法院之上。</p>",
        ),
        False,
    ),
    (
        "does-the-basic-law-protect-democratic-rights",
        ("Does the Basic Law protect democratic rights?", "《基本法》能保障民主權利嗎？"),
        (
            "<p>Only partly, and mostly on paper. The Basic Law, Hong Kong's mini-constitution, lists "
            "civil liberties and some democratic rights, but it calls universal suffrage only an "
            "&ldquo;ultimate aim&rdquo; and leaves the appointment of the Chief Executive to the "
            "central government in Beijing. Its many loopholes suit an authoritarian regime very well."
            "</p>"
            "<p>Hong Kong people never voted on it. It was drafted in the 1980s, after a deal between "
            "the British colonial power and the Chinese dictatorship, by a committee dominated by the "
            "two governments and Hong Kong's richest business people. Its democratic elements are "
            "there only because of mass pressure at the time. It also protects the capitalist system "
            "until 2047 and tells the government to avoid budget deficits.</p>",
            "<p>只能部分保障，而且多數只停留在紙上。《基本法》作為香港的「小憲法」，列明了公民自由和部分民主權利，"
            "但只把普選稱為「最終目標」，並把行政長官的任命權交給北京中央政府。條文中的種種漏洞，正合專制政權所需。</p>"
            "<p>香港人從未就《基本法》投票。它在一九八〇年代英國殖民政府與中國獨裁政權達成協議後起草，"
            "起草委員會由兩國政府和香港最富有的商人主導；其中的民主元素，只是當年群眾壓力的結果。"
            "它還保障資本主義制度維持至二〇四七年，並要求政府避免財政赤字。</p>",
        ),
        False,
    ),
    (
        "was-it-better-under-british-rule",
        ("Was Hong Kong better off under British rule?", "英國殖民統治時期的香港比較好嗎？"),
        (
            "<p>Many people say so today, and what they usually remember is a city with less "
            "poverty and inequality, where from the 1970s to the 1990s a home was not yet out of "
            "reach. But colonial Hong Kong was not a democracy. Britain governed the city for 156 "
            "years without once letting its people elect their government: the governor was sent "
            "from London, not chosen in Hong Kong.</p>"
            "<p>Today the British establishment says little about Hong Kong. Its business deals "
            "with the Chinese regime, worth billions, weigh more with it than the rights of Hong "
            "Kong people. Our solidarity is with Hong Kong's people, not with any government that "
            "ruled them.</p>",
            "<p>今天不少人這樣說，他們懷念的通常是貧富差距較小、貧窮問題較輕的香港；"
            "由七十年代到九十年代，市民還不至於完全買不起樓。但殖民地時期的香港並不民主。"
            "英國管治香港一百五十六年，從來沒有讓港人選出自己的政府：港督由倫敦委派，不是由香港人選出。</p>"
            "<p>今天英國的建制對香港大多沉默不語。對它來說，與中國政權價值數以十億計的生意，"
            "比港人的權利更重要。我們支持的是香港人，而不是任何曾經統治他們的政府。</p>",
        ),
        False,
    ),
    (
        "is-legco-democratic",
        ("Is the Legislative Council democratic?", "立法會是民主的嗎？"),
        (
            "<p>No. Only half of Legco's 70 seats are elected by all voters, in geographical "
            "constituencies. The other 35 belong to &ldquo;functional constituencies&rdquo; "
            "dominated by big business and special interests, where only about 240,000 people "
            "have a vote, against about 3.7 million ordinary voters. A functional vote therefore "
            "weighs many times more than an ordinary one.</p>"
            "<p>So although the pro-democracy camp regularly wins most of the votes, roughly 60 "
            "percent, the pro-government camp keeps a majority of the seats. After the opposition "
            "legislators were expelled, that majority rewrote Legco's rules of procedure to take "
            "away even more of the opposition's powers.</p>",
            "<p>不是。立法會七十個議席中，只有一半由全體選民在地區直選產生。另外三十五席屬於由大財團和特殊利益"
            "團體主導的「功能組別」，只有約二十四萬人有投票權，而普通選民約有三百七十萬。"
            "因此一張功能組別選票的份量，比一張普通選票重好幾倍。</p>"
            "<p>所以，儘管民主派經常取得多數選票（約六成），親政府陣營卻仍然佔有多數議席。"
            "反對派議員被逐出議會後，這個多數更修改了《議事規則》，進一步削弱反對派的權力。</p>",
        ),
        True,
    ),
    (
        "how-does-the-government-control-legco",
        (
            "How does the government control Legco when the opposition wins 60 percent of the vote?",
            "反對派取得六成選票，政府為甚麼仍然控制立法會？",
        ),
        (
            "<p>Because Legco is not elected democratically. Half of its seats belong to "
            "so-called functional constituencies, which big business and special-interest groups "
            "control. Only about 240,000 people may vote in them, out of some 3.7 million "
            "registered voters, so a functional-constituency vote counts for roughly twelve and a "
            "half ordinary votes.</p>"
            "<p>In the 2016 election, pro-democracy candidates won about 60 percent of the "
            "popular vote, yet the pro-government camp ended up with about 60 percent of the "
            "seats. The functional constituencies turn a minority of voters into a safe majority "
            "for the government and the tycoons.</p>",
            "<p>因為立法會並非民主選舉產生。一半議席屬於所謂「功能組別」，由大商家和特殊利益團體控制。"
            "全港約三百七十萬登記選民之中，只有大約二十四萬人可以在功能組別投票，"
            "所以功能組別的一票，大約等於普通選民的十二點五票。</p>"
            "<p>在二〇一六年的選舉中，民主派候選人取得約六成選票，但親政府陣營最終卻取得約六成議席。"
            "功能組別把少數選民變成政府和財團穩守的多數。</p>",
        ),
        False,
    ),
    (
        "why-rig-legco-elections",
        (
            "If Legco has so little power, why does the government rig its elections?",
            "既然立法會權力有限，政府為何還要操控選舉？",
        ),
        (
            "<p>Because even a weak Legco is a platform. Opposition legislators can expose "
            "corruption, policies written for billionaires and every new attack on democratic "
            "rights.</p>"
            "<p>In 2016 more radical groups won about a quarter of the vote, at the expense of the "
            "moderate parties that prefer negotiating with the regime to mass struggle: a sign of "
            "growing anger that the democracy movement had reached a dead end. Rigging the system "
            "further is meant to keep these voices out. In the end it will only move the struggle "
            "out of Legco and onto the streets.</p>",
            "<p>因為即使權力有限，立法會仍然是一個平台。反對派議員可以揭露貪腐、只為富豪服務的政策，"
            "以及每一次對民主權利的新攻擊。</p>"
            "<p>二〇一六年，較激進的團體取得約四分之一選票，而寧願與政權妥協、迴避群眾鬥爭的溫和派則失去支持，"
            "反映群眾對民主運動陷入困局的不滿日益增長。進一步操控選舉，就是要把這些聲音擋在門外；"
            "但最終只會把抗爭從議會推上街頭。</p>",
        ),
        False,
    ),
    (
        "what-does-the-democracy-movement-demand",
        ("What does the democracy movement demand?", "民主運動有甚麼訴求？"),
        (
            "<p>Above all, an end to the undemocratic system through genuine universal suffrage: "
            "the right of every Hong Kong person to elect the government and the whole legislature."
            "</p>"
            "<p>Beijing fears that even this modest reform would set off a chain reaction in China, "
            "so it moved the other way. Under the pressure of mass protests it had promised a step-by-"
            "step move to &ldquo;universal suffrage&rdquo;; it then broke that promise. Its "
            "&ldquo;831 decision&rdquo; of 31 August 2014 offered an election in which a "
            "Beijing-controlled committee would screen the candidates before anyone could vote. That "
            "decision sparked the Umbrella Movement.</p>",
            "<p>最重要的是以真普選結束不民主的制度：每一個香港人都有權選出政府和整個立法會。</p>"
            "<p>北京害怕即使是這樣溫和的改革，也會在中國引發連鎖反應，於是反其道而行。它曾在群眾抗議的壓力下，"
            "承諾逐步落實「普選」，其後卻背棄承諾。二〇一四年八月三十一日的「八三一決定」，"
            "只容許由北京操控的委員會預先篩選候選人，市民才可投票。這個決定觸發了雨傘運動。</p>",
        ),
        False,
    ),
    (
        "what-was-the-umbrella-movement",
        ("What was the Umbrella Movement, and what did it achieve?", "雨傘運動是甚麼？它取得了甚麼成果？"),
        (
            "<p>It was a mass movement that began on 28 September 2014, when the police used heavy "
            "force, including tear gas, against student protests; people shielded themselves with "
            "umbrellas. Up to 2.3 million people took part over the following weeks, and thousands "
            "occupied main roads for 79 days. It had no fixed leadership or detailed list of "
            "demands: it was a largely spontaneous rejection of Beijing's fake universal suffrage."
            "</p>"
            "<p>The government waited it out, with police operations, attacks by triad gangs, court "
            "injunctions and a media campaign, counting on exhaustion. The lesson: occupations can "
            "start a movement but do not win on their own. Against a powerful dictatorship the "
            "struggle has to spread to strikes and democratic committees rooted among working "
            "people, as mass strikes did in the fight against dictatorship in South Korea and South "
            "Africa.</p>",
            "<p>雨傘運動始於二〇一四年九月二十八日：警方以催淚彈等武力對付學生的抗議，市民撐起雨傘保護自己。"
            "其後數星期，參與人數多達二百三十萬，數以千計的人佔領主要道路長達七十九日。"
            "運動沒有固定的領導層，也沒有詳細的訴求清單，基本上是群眾自發地拒絕北京的假普選。</p>"
            "<p>政府以拖待變：警方清場、黑社會襲擊、法庭禁制令和傳媒攻勢，寄望群眾疲累散去。教訓是："
            "佔領可以開啟一場運動，卻不能單靠佔領取勝。面對強大的獨裁政權，抗爭必須擴展到罷工，"
            "並建立扎根於勞動群眾的民主委員會；南韓和南非的群眾罷工，正是推倒獨裁的關鍵。</p>",
        ),
        False,
    ),
    (
        "what-is-article-23",
        ("What is Article 23, and why do we oppose it?", "甚麼是二十三條？我們為何反對？"),
        (
            "<p>Article 23 of the Basic Law requires Hong Kong to pass its own laws against "
            "&ldquo;treason, secession, sedition and subversion&rdquo; and the theft of state "
            "secrets. In 2003 the government tried to pass such a law; half a million people "
            "marched against it on 1 July and it was withdrawn.</p>"
            "<p>Loyalists keep pushing to bring it back, together with a National Anthem Law that "
            "makes &ldquo;insulting&rdquo; China's anthem a crime. Under a dictatorship, vague "
            "offences like these are used against anyone who organises, protests or criticises "
            "those in power. That is why we oppose Article 23 legislation and the National Anthem "
            "Law, and every law that turns peaceful opposition into a crime.</p>",
            "<p>《基本法》第二十三條要求香港自行立法，禁止「叛國、分裂國家、煽動叛亂、顛覆」及竊取國家機密等行為。"
            "二〇〇三年政府曾試圖立法，五十萬人在七月一日上街反對，條例草案最終被撤回。</p>"
            "<p>建制派一直要求重推二十三條立法，另外又推動把「侮辱」國歌定為罪行的《國歌法》。"
            "在獨裁統治下，這類定義含糊的罪名，會被用來對付任何組織、抗議或批評當權者的人。"
            "因此我們反對二十三條立法和《國歌法》，反對一切把和平反對定為罪行的法律。</p>",
        ),
        False,
    ),
    (
        "how-can-the-repression-be-stopped",
        (
            "How can the repression be stopped, and does solidarity abroad help?",
            "怎樣才能停止鎮壓？海外聲援有用嗎？",
        ),
        (
            "<p>Only mass resistance can stop it. There will be no &ldquo;last&rdquo; attack: "
            "disqualifications, prison sentences and repressive laws are all steps in Beijing's "
            "long-term plan to bring Hong Kong under control. The fight back cannot rely only on "
            "court cases and elections, still less on waiting for the storm to pass. It needs a "
            "movement with a mass, democratic membership, rooted in workplaces, schools and "
            "neighbourhoods, able to call a Hong Kong-wide strike and to reach out to working "
            "people in mainland China.</p>"
            "<p>Governments and big companies abroad will not help: they put trade with the Chinese "
            "regime first. Real support comes from workers, young people, women and the oppressed "
            "around the world. That is where international solidarity has to be built, and why "
            "your signature, your motion and your protest matter.</p>",
            "<p>只有群眾抗爭才能停止鎮壓。不會有所謂「最後一次」打壓：取消資格、判監和惡法，"
            "都是北京全面控制香港的長遠部署。反抗不能只靠司法覆核和選舉，更不能被動地等待風暴過去。"
            "我們需要一個擁有廣大民主會員基礎、扎根於工作間、學校和社區的運動，有能力發動全港罷工，"
            "並向中國大陸的勞動群眾伸出手。</p>"
            "<p>外國政府和大企業不會幫忙：它們把與中國政權的生意放在首位。真正的支持來自世界各地的工人、青年、"
            "婦女和受壓迫者。國際團結必須在這裏建立起來，這也是為甚麼你的聯署、動議和抗議都很重要。</p>",
        ),
        False,
    ),
]

LEGCO_FIGURE = {
    "alt": (
        "A chart of Legco's 70 seats: 35 seats elected by about 3.7 million voters in geographical "
        "constituencies, and 35 seats chosen by about 240,000 voters in functional constituencies.",
        "立法會七十個議席的圖表：三十五席由地區直選約三百七十萬選民選出，"
        "另外三十五席由功能組別約二十四萬選民選出。",
    ),
    "caption": (
        "How Legco's seats are filled: half of them by a small, business-dominated electorate.",
        "立法會議席如何產生：一半議席由以商界為主的少數選民決定。",
    ),
}


# The questions and answers as a mainland reader writes them: not the Traditional text
# converted, but mainland words (席位, 剥夺, 分量, 工作场所), Arabic numerals for dates and
# figures and mainland quotation marks. Hong Kong's own institutions keep their names.
QUESTIONS_ZH_HANS = {
    "is-hong-kong-a-democracy": (
        "香港是民主社会吗？",
        "<p>不是。香港人从来没有选举过自己的政府。行政长官每五年由约1200人组成的选举委员会选出，"
        "委员大多是富豪、商界代表和北京信得过的建制派人士。只有中国政府认可的人才能当选："
        "林郑月娥在2017年凭777张委员会选票上任，而香港人口超过700万。</p>"
        "<p>国际比较也得出同样的结论：经济学人智库的“民主指数”把香港排在全球第70位左右，"
        "与巴拉圭、纳米比亚等国相当。</p>",
    ),
    "why-ban-candidates-and-disqualify-legislators": (
        "政府为什么禁止候选人参选、剥夺民选议员的席位？",
        "<p>为了扼杀民主运动和真普选的诉求。香港政府听命于北京，而北京担心民主抗争会蔓延到"
        "中国内地，动摇自己的统治。</p>"
        "<p>六名反对派议员被指宣誓“无效”，根据专门为此制定的规则被剥夺立法会席位，"
        "也就是所谓的“DQ”（取消资格）事件。十多人被禁止参选，其中包括学生主导的香港众志的"
        "候选人；还有一些人因为政府要求法院判处他们监禁而无法参选。《基本法》在字面上保障"
        "永久性居民的被选举权，但在现实中，这项权利已经取决于政治上是否忠诚。</p>",
    ),
    "is-the-government-acting-within-the-law": (
        "政府是在依法办事吗？",
        "<p>政府打着“法治”的旗号，掩盖加强控制的政治目的。2017年8月，律政司要求法院复核"
        "一批年轻抗争者的刑罚：他们被判“非法集结”罪名成立，原本只被判社会服务令，复核后却被"
        "改判监禁6到13个月。终审法院后来推翻了部分判决。</p>"
        "<p>让六名议员失去席位的“宣誓无效”规则，并不是由香港任何机构通过的，而是来自全国人民"
        "代表大会（全国人大）对《基本法》的“释法”。由于不经选举产生的全国人大可以随时作出具有"
        "约束力的解释，它实际上凌驾于香港法院之上。</p>",
    ),
    "does-the-basic-law-protect-democratic-rights": (
        "《基本法》能保障民主权利吗？",
        "<p>只能部分保障，而且大多停留在纸面上。《基本法》作为香港的“小宪法”，规定了公民自由和"
        "部分民主权利，却只把普选称为“最终目标”，并把行政长官的任命权交给中央政府。条文中的"
        "种种漏洞，正是专制政权需要的。</p>"
        "<p>香港人从来没有就《基本法》投过票。它是在20世纪80年代英国殖民政府与中国专制政权"
        "达成协议之后起草的，起草委员会由两国政府和香港最富有的商人主导；其中的民主成分，只是"
        "当年群众施压的结果。它还保证资本主义制度维持到2047年，并要求政府避免财政赤字。</p>",
    ),
    "was-it-better-under-british-rule": (
        "英国殖民统治时期的香港更好吗？",
        "<p>今天有不少人这么说。他们怀念的，通常是贫富差距较小、贫困问题较轻的香港：从70年代"
        "到90年代，普通人还不至于完全买不起房。但殖民地时期的香港并不民主。英国统治香港156年，"
        "从来没有让港人选举自己的政府：港督由伦敦任命，而不是由香港人选出。</p>"
        "<p>如今英国的统治阶层对香港基本保持沉默。对它来说，与中国政权价值数十亿的生意比港人的"
        "权利更重要。我们支持的是香港人民，而不是任何曾经统治过他们的政府。</p>",
    ),
    "is-legco-democratic": (
        "立法会是民主的吗？",
        "<p>不是。立法会70个席位中，只有一半由全体选民在地区直选中选出。另外35席属于由大财团和"
        "特殊利益集团主导的“功能界别”，只有约24万人有投票权，而普通选民约有370万。因此功能界别"
        "的一张选票，分量比一张普通选票重好几倍。</p>"
        "<p>所以，尽管民主派经常拿到多数选票（约六成），亲政府阵营却仍然占据多数席位。反对派议员"
        "被逐出议会之后，这个多数还修改了《议事规则》，进一步削弱反对派的权力。</p>",
    ),
    "how-does-the-government-control-legco": (
        "反对派拿到六成选票，政府为什么仍然控制着立法会？",
        "<p>因为立法会不是通过民主选举产生的。一半席位属于所谓的“功能界别”，由大企业和特殊利益"
        "集团控制。全港约370万登记选民中，只有大约24万人能在功能界别投票，所以功能界别的一票，"
        "大约相当于普通选民的12.5票。</p>"
        "<p>在2016年的选举中，民主派候选人拿到约六成选票，亲政府阵营最终却拿到约六成席位。功能"
        "界别把少数选民变成了政府和财团牢牢掌握的多数。</p>",
    ),
    "why-rig-legco-elections": (
        "既然立法会权力有限，政府为什么还要操纵选举？",
        "<p>因为即使权力有限，立法会仍然是一个平台。反对派议员可以在这里揭露腐败、只为富豪服务的"
        "政策，以及对民主权利的每一次新的攻击。</p>"
        "<p>2016年，较激进的团体拿到约四分之一的选票，而宁愿与政权妥协、回避群众斗争的温和派则"
        "失去了支持，这反映出群众对民主运动陷入僵局越来越不满。进一步操纵选举，就是要把这些声音"
        "挡在门外；但最终只会把抗争从议会推向街头。</p>",
    ),
    "what-does-the-democracy-movement-demand": (
        "民主运动有什么诉求？",
        "<p>最重要的是用真普选结束不民主的制度：每一个香港人都有权选举政府和整个立法会。</p>"
        "<p>北京担心哪怕是这样温和的改革，也会在中国内地引起连锁反应，于是反其道而行之。它曾在"
        "群众抗议的压力下承诺逐步实现“普选”，后来却背弃了承诺。2014年8月31日的“八三一决定”，"
        "只允许市民在北京操控的委员会预先筛选过的候选人中投票。正是这个决定引发了雨伞运动。</p>",
    ),
    "what-was-the-umbrella-movement": (
        "雨伞运动是什么？它取得了哪些成果？",
        "<p>雨伞运动始于2014年9月28日：警方用催泪弹等武力对付学生的抗议，市民撑起雨伞保护自己。"
        "此后几周里，参与人数多达230万，成千上万的人占领主要道路长达79天。运动没有固定的领导层，"
        "也没有详细的诉求清单，基本上是群众自发地拒绝北京的假普选。</p>"
        "<p>政府采取拖延战术：警方清场、黑社会袭击、法院禁令和媒体攻势，指望群众疲惫散去。"
        "教训是：占领可以开启一场运动，却不能只靠占领取胜。面对强大的专制政权，抗争必须扩大到"
        "罢工，并建立扎根于劳动群众的民主委员会；韩国和南非的群众罢工，正是推翻专制统治的关键。</p>",
    ),
    "what-is-article-23": (
        "什么是第二十三条？我们为什么反对？",
        "<p>《基本法》第二十三条要求香港自行立法，禁止“叛国、分裂国家、煽动叛乱、颠覆”以及窃取"
        "国家机密等行为。2003年政府曾经试图立法，7月1日有50万人上街反对，法案最终被撤回。</p>"
        "<p>建制派一直要求重新推动二十三条立法，此外还推动把“侮辱”国歌定为犯罪的《国歌条例》。"
        "在专制统治下，这类定义模糊的罪名会被用来对付任何组织、抗议或批评当权者的人。因此我们"
        "反对二十三条立法和《国歌条例》，反对一切把和平的反对意见定为犯罪的法律。</p>",
    ),
    "how-can-the-repression-be-stopped": (
        "怎样才能制止镇压？海外声援有用吗？",
        "<p>只有群众斗争才能制止镇压。不会有所谓“最后一次”打压：取消资格、判刑和恶法，都是北京"
        "全面控制香港的长期部署。反抗不能只靠司法复核和选举，更不能被动地等风暴过去。我们需要"
        "一个拥有广泛的民主会员基础、扎根于工作场所、学校和社区的运动，有能力发动全港罢工，并向"
        "中国内地的劳动群众伸出手。</p>"
        "<p>外国政府和大企业不会帮忙：它们把与中国政权的生意放在第一位。真正的支持来自世界各地的"
        "工人、青年、妇女和受压迫者。国际团结必须在这里建立起来，这也是为什么你的联署、动议和"
        "抗议都很重要。</p>",
    ),
}
