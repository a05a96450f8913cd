import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { fieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { absoluteUrl } from '../../lib/mailer.js';
import { sendStoredFile } from '../files/service.js';
import { MENTORING_FORM_LABELS, type MentoringForm } from '../people/labels.js';
import { documentTypeLabel, kindLabel, PUBLIC_LABELS } from './labels.js';
import { newsForm, placeOf, practiceSearchQuery } from './schemas.js';
import {
  createNews,
  municipalities,
  municipalityBySlug,
  type NewsItem,
  ownNews,
  ownNewsList,
  pagePath,
  type PublicPlace,
  publicDocument,
  publicPage,
  publicPractice,
  practicePath,
  schoolBySlug,
  searchPublicPractices,
  setNewsPublished,
  sitemapEntries,
  updateNews,
} from './service.js';
import { atomXml, sitemapXml } from './xml.js';

const open = { access: 'public' } as const;
const manage = { access: { roles: MODULE_ROLES.publicNews } };

/**
 * The public pages (issue 19): anyone, without logging in, reads the region's municipalities, each
 * municipality's and school's page «Наставничество», their news feeds and the sitemap. Inside the
 * portal the coordinator writes the municipality's news and a curator its school's (`/public-news`).
 */
export async function publicPageRoutes(app: FastifyInstance): Promise<void> {
  const url = (path: string) => absoluteUrl(app.config, path);
  const meta = (path: string, title: string, description: string, feed?: string) => ({
    url: url(path),
    title,
    description,
    type: 'website',
    feed: feed ? url(feed) : null,
  });

  app.get('/public', { config: open }, async (_request, reply) => {
    const list = await municipalities(app.db);
    const title = PUBLIC_LABELS.regionTitle;
    return reply.render('public-pages/index', {
      title,
      meta: meta('/public', title, 'Муниципальные образования региона: новости, мероприятия и документы о наставничестве.'),
      municipalities: list.map((m) => ({ ...m, href: pagePath(m) })),
      labels: PUBLIC_LABELS,
    });
  });

  const renderPage = async (reply: FastifyReply, municipality: PublicPlace, school: PublicPlace | null) => {
    const page = await publicPage(app.db, municipality, school);
    const path = pagePath(municipality, school ?? undefined);
    const owner = school ?? municipality;
    const title = `Наставничество — ${owner.short_name}`;
    return reply.render('public-pages/page', {
      title,
      meta: meta(
        path,
        title,
        `Наставничество в ${school ? 'образовательной организации' : 'муниципальном образовании'} «${owner.full_name}»: новости, мероприятия, лучшие наставники, контакты.`,
        `${path}/feed.xml`,
      ),
      page,
      path,
      feedPath: `${path}/feed.xml`,
      schools: page.schools.map((s) => ({ ...s, href: pagePath(municipality, s) })),
      municipalityHref: pagePath(municipality),
      kindLabel,
      documentTypeLabel,
      labels: PUBLIC_LABELS,
      breadcrumbs: [
        { label: 'Муниципалитеты', href: '/public' },
        ...(school ? [{ label: municipality.short_name, href: pagePath(municipality) }] : []),
        { label: owner.short_name },
      ],
    });
  };

  const sendFeed = async (reply: FastifyReply, municipality: PublicPlace, school: PublicPlace | null) => {
    const page = await publicPage(app.db, municipality, school);
    const path = pagePath(municipality, school ?? undefined);
    const owner = school ?? municipality;
    const xml = atomXml({
      id: url(`${path}/feed.xml`),
      title: `Новости наставничества — ${owner.short_name}`,
      url: url(path),
      selfUrl: url(`${path}/feed.xml`),
      entries: page.news.map((n: NewsItem) => ({
        id: url(`${path}#news-${n.id}`),
        title: n.title,
        url: url(`${path}#news-${n.id}`),
        published: n.published_at ?? n.updated_at,
        updated: n.published_at ?? n.updated_at,
        text: n.body,
      })),
    });
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  };

  app.get('/p/:municipality', { config: open }, async (request, reply) => {
    const place = placeOf(request.params);
    return renderPage(reply, await municipalityBySlug(app.db, place.municipality), null);
  });

  app.get('/p/:municipality/feed.xml', { config: open }, async (request, reply) => {
    const place = placeOf(request.params);
    return sendFeed(reply, await municipalityBySlug(app.db, place.municipality), null);
  });

  // The municipality's published practices: searched in Russian by the visitor's words, and each one's page.
  app.get('/p/:municipality/practices', { config: open }, async (request, reply) => {
    const municipality = await municipalityBySlug(app.db, placeOf(request.params).municipality);
    const { q } = practiceSearchQuery.parse(request.query ?? {});
    const path = `${pagePath(municipality)}/practices`;
    const title = `Лучшие практики наставничества — ${municipality.short_name}`;
    return reply.render('public-pages/practices', {
      title,
      meta: meta(path, title, `Банк лучших практик наставничества: ${municipality.full_name}.`),
      municipality,
      q,
      practices: await searchPublicPractices(app.db, municipality, q),
      action: path,
      breadcrumbs: [
        { label: 'Муниципалитеты', href: '/public' },
        { label: municipality.short_name, href: pagePath(municipality) },
        { label: 'Лучшие практики' },
      ],
    });
  });

  app.get('/p/:municipality/practices/:id', { config: open }, async (request, reply) => {
    const place = placeOf(request.params);
    const municipality = await municipalityBySlug(app.db, place.municipality);
    const { practice, authors } = await publicPractice(app.db, municipality, place.id ?? 0);
    const path = practicePath(municipality, practice.id);
    return reply.render('public-pages/practice', {
      title: practice.title,
      meta: meta(path, practice.title, `${practice.school_name}, ${practice.year}: практика наставничества.`),
      practice,
      authors: authors.map((a) => [a.last_name, a.first_name, a.middle_name].filter(Boolean).join(' ')),
      formLabel: MENTORING_FORM_LABELS[practice.form as MentoringForm] ?? '',
      breadcrumbs: [
        { label: 'Муниципалитеты', href: '/public' },
        { label: municipality.short_name, href: pagePath(municipality) },
        { label: 'Лучшие практики', href: `${pagePath(municipality)}/practices` },
        { label: practice.title },
      ],
    });
  });

  app.get('/p/:municipality/:school', { config: open }, async (request, reply) => {
    const place = placeOf(request.params);
    const found = await schoolBySlug(app.db, place.municipality, place.school ?? '');
    return renderPage(reply, found.municipality, found.school);
  });

  app.get('/p/:municipality/:school/feed.xml', { config: open }, async (request, reply) => {
    const place = placeOf(request.params);
    const found = await schoolBySlug(app.db, place.municipality, place.school ?? '');
    return sendFeed(reply, found.municipality, found.school);
  });

  app.get('/p/:municipality/:school/documents/:id', { config: open }, async (request, reply) => {
    const place = placeOf(request.params);
    const file = await publicDocument(app.db, place.municipality, place.school ?? '', place.id ?? 0);
    return sendStoredFile(reply, app.files, file, { inline: true });
  });

  app.get('/sitemap.xml', { config: open }, async (_request, reply) => {
    const entries = await sitemapEntries(app.db);
    return reply
      .type('application/xml; charset=utf-8')
      .send(sitemapXml(entries.map((e) => ({ url: url(e.path), updated: e.updated }))));
  });

  // ---- the news, inside the portal ----

  const renderForm = (
    reply: FastifyReply,
    state: { news?: NewsItem; values: Record<string, string>; errors?: Record<string, string> },
    status = 200,
  ) =>
    reply.render(
      'public-pages/news-form',
      {
        title: state.news ? 'Новость' : 'Новая новость',
        news: state.news ?? null,
        values: state.values,
        errors: state.errors ?? {},
        action: state.news ? `/public-news/${state.news.id}` : '/public-news',
        breadcrumbs: [
          { label: PUBLIC_LABELS.newsTitle, href: '/public-news' },
          { label: state.news ? state.news.title : 'Новая новость' },
        ],
      },
      status,
    );

  app.get('/public-news', { config: manage }, async (request, reply) => {
    const news = await ownNewsList(app.db, actorOf(request));
    return reply.render('public-pages/news-list', { title: PUBLIC_LABELS.newsTitle, news });
  });

  app.get('/public-news/new', { config: manage }, async (request, reply) => {
    await ownNewsList(app.db, actorOf(request));
    return renderForm(reply, { values: { title: '', body: '' } });
  });

  app.post('/public-news', { config: manage }, async (request, reply) => {
    const parsed = newsForm.safeParse(request.body);
    if (!parsed.success) return renderForm(reply, { values: formValues(request.body), errors: fieldErrors(parsed.error) }, 400);
    const id = await createNews(app.db, actorOf(request), parsed.data);
    reply.flash('success', 'Черновик новости сохранён. Опубликуйте его, когда он будет готов.');
    return reply.redirect(`/public-news/${id}`, 303);
  });

  app.get('/public-news/:id', { config: manage }, async (request: FastifyRequest, reply) => {
    const news = await ownNews(app.db, actorOf(request), idOf(request.params));
    return renderForm(reply, { news, values: { title: news.title, body: news.body } });
  });

  app.post('/public-news/:id', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    const news = await ownNews(app.db, actorOf(request), id);
    const parsed = newsForm.safeParse(request.body);
    if (!parsed.success)
      return renderForm(reply, { news, values: formValues(request.body), errors: fieldErrors(parsed.error) }, 400);
    await updateNews(app.db, actorOf(request), id, parsed.data);
    reply.flash('success', 'Изменения сохранены.');
    return reply.redirect(`/public-news/${id}`, 303);
  });

  for (const [action, published] of [
    ['publish', true],
    ['unpublish', false],
  ] as const) {
    app.post(`/public-news/:id/${action}`, { config: manage }, async (request, reply) => {
      const id = idOf(request.params);
      await setNewsPublished(app.db, actorOf(request), id, published);
      reply.flash(
        'success',
        published ? 'Новость опубликована на публичной странице.' : 'Новость снята с публичной страницы и стала черновиком.',
      );
      return reply.redirect(`/public-news/${id}`, 303);
    });
  }
}
